using SparsePlugins.Abstractions;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using SparsePlugins.Host.Options;

namespace SparsePlugins.Host.Configuration;

/// <summary>
/// Strict top level: every source (the configuration file, <c>SPARSEPLUGINS_</c> variables, <c>--Key=Value</c>
/// overrides) may only use the known keys, so a typo such as <c>Ouput</c> is an error naming the closest key instead of
/// results silently written elsewhere; and an override may not address a run the file does not have.
/// </summary>
public static class TopLevelKeys
{
    /// <summary>Every key the host reads at the top level.</summary>
    public static IReadOnlyList<string> Known { get; } = ["Runs", "Output", "CacheDirectory", "PluginDirectories", "IfRunExists", "Device", "Logging"];

    /// <summary>Keys a run's <c>config.json</c> records for the reader (plugin versions, the source of each value); the
    /// host ignores them, so that <c>run --config &lt;run&gt;/config.json</c> reruns the run.</summary>
    public static IReadOnlyList<string> RecordOnly { get; } = ["PluginVersions", "Sources"];

    /// <exception cref="InvalidInputException">All mistakes found, one per line, each naming its source and the fix.</exception>
    public static void Check(IConfigurationRoot configuration)
    {
        var errors = new List<string>();
        var fileRuns = FileRunCount(configuration);
        // Only the user's sources: the host builder adds its own (contentRoot) in memory.
        foreach (var provider in configuration.Providers.Where(p => p is JsonConfigurationProvider or
                     EnvironmentVariablesConfigurationProvider or CommandLineConfigurationProvider))
        {
            var source = Describe(provider);
            var keys = provider.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var key in keys.Where(k => !Known.Contains(k, StringComparer.OrdinalIgnoreCase) &&
                         !(provider is JsonConfigurationProvider && RecordOnly.Contains(k, StringComparer.OrdinalIgnoreCase))))
            {
                errors.Add($"unknown key '{key}' in {source}; did you mean '{Closest(key)}'? (known: {string.Join(", ", Known)})");
            }
            foreach (var key in Scalars.Where(k => provider.TryGet(k, out var value) && string.IsNullOrWhiteSpace(value)))
            {
                // JSON null or "" would otherwise read as "not set" and the default (./runs) be used in silence.
                errors.Add($"'{key}' is empty in {source}; give a value or leave the key out for the default");
            }
            if (provider is JsonConfigurationProvider || fileRuns is not { } count) continue;
            foreach (var run in provider.GetChildKeys([], "Runs").Distinct())
            {
                if (!int.TryParse(run, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= count)
                {
                    errors.Add($"{source} set Runs:{run}, but the configuration file has {count} run(s), Runs:0 to Runs:{count - 1}; " +
                               "add the run to the file, or fix the index.");
                }
            }
        }
        errors.AddRange(ShapeErrors(configuration));
        if (errors.Count > 0) throw new InvalidInputException(string.Join("\n", errors));
    }

    private static readonly string[] Scalars = ["Output", "CacheDirectory", "IfRunExists", "Device"];

    /// <summary>
    /// Values of the wrong shape, which binding would turn into a missing value or, for log levels, an exception out of
    /// the logging system at the first log line.
    /// </summary>
    private static IEnumerable<string> ShapeErrors(IConfiguration configuration)
    {
        foreach (var key in Scalars.Where(k => configuration.GetSection(k).GetChildren().Any()))
        {
            yield return $"'{key}' must be a single value (a {(key == "IfRunExists" ? "policy name" : "folder path")}), not a list or an object";
        }
        foreach (var level in configuration.GetSection("Logging").GetChildren().SelectMany(LogLevelEntries))
        {
            if (!Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(level.Value, ignoreCase: true, out _))
            {
                yield return $"'{level.Path}' = '{level.Value}' is not a log level; use one of " +
                             string.Join(", ", Enum.GetNames<Microsoft.Extensions.Logging.LogLevel>());
            }
        }
    }

    /// <summary>Logging:LogLevel:* and Logging:&lt;Provider&gt;:LogLevel:* entries.</summary>
    private static IEnumerable<IConfigurationSection> LogLevelEntries(IConfigurationSection child) =>
        child.Key.Equals("LogLevel", StringComparison.OrdinalIgnoreCase)
            ? child.GetChildren()
            : child.GetSection("LogLevel").GetChildren();

    /// <summary>Runs defined by the configuration files, or null when none defines any (then overrides may define them).</summary>
    private static int? FileRunCount(IConfigurationRoot configuration)
    {
        var counts = configuration.Providers.OfType<JsonConfigurationProvider>()
            .Select(p => p.GetChildKeys([], "Runs").Distinct().Count()).Where(c => c > 0).ToList();
        return counts.Count == 0 ? null : counts.Max();
    }

    /// <summary>The source a provider stands for, as messages and <c>config.json</c> name it.</summary>
    public static string Describe(IConfigurationProvider provider) => provider switch
    {
        JsonConfigurationProvider json =>
            $"the configuration file {json.Source.FileProvider?.GetFileInfo(json.Source.Path ?? "").PhysicalPath ?? json.Source.Path}",
        EnvironmentVariablesConfigurationProvider => "the SPARSEPLUGINS_ environment variables",
        _ => "the command-line overrides",
    };

    /// <summary>The known key with the smallest edit distance (case-insensitive).</summary>
    public static string Closest(string key) => Known.MinBy(k => EditDistance(k.ToLowerInvariant(), key.ToLowerInvariant()))!;

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
