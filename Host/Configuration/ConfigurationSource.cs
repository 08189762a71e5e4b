using Microsoft.Extensions.Configuration;

namespace SparsePlugins.Host.Configuration;

/// <summary>Which of the user's sources (configuration file, environment, command line) gave a key its value.</summary>
public static class ConfigurationSource
{
    public static string Of(IConfiguration configuration, string path)
    {
        if (configuration is IConfigurationRoot root)
        {
            // Later providers win, as in configuration itself.
            foreach (var provider in root.Providers.Reverse())
            {
                if (provider.TryGet(path, out _)) return Strip(TopLevelKeys.Describe(provider));
            }
        }
        return "configuration";
    }

    private static string Strip(string description) =>
        description.StartsWith("the ", StringComparison.Ordinal) ? description[4..] : description;
}
