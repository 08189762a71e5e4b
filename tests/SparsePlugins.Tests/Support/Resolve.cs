using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Host.Runs;

namespace SparsePlugins.Tests.Support;

/// <summary>Resolves a configuration as <c>run</c> does (recipes, user layers, binding), without running anything.</summary>
public static class Resolve
{
    public static PluginCatalog Catalog(params string[] directories)
    {
        var catalog = new PluginCatalog(NullLogger<PluginCatalog>.Instance);
        catalog.Discover(directories.Length == 0 ? [TestPaths.Plugins] : directories);
        return catalog;
    }

    /// <param name="overrides">Command-line style overrides, e.g. <c>--Runs:0:Training:Chains=2</c>.</param>
    public static IReadOnlyList<ResolvedRun> File(string path, params string[] overrides) =>
        Configuration(new ConfigurationBuilder().AddJsonFile(path).AddCommandLine(overrides).Build(), Catalog());

    public static IReadOnlyList<ResolvedRun> Configuration(IConfiguration configuration, PluginCatalog catalog) =>
        new RunResolver(catalog).Resolve(RunConfigurationReader.Read(configuration, RecipeBook.From(catalog)));
}
