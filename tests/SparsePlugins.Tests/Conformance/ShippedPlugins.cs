using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Conformance;

/// <summary>
/// Shipped plugins as the host loads them (discovered in the test output's plugins/ folder, each in its own load
/// context), for conformance classes of plugins this test project does not reference, and their options bound from
/// configuration values as in a run.
/// </summary>
internal static class ShippedPlugins
{
    private static readonly Lazy<PluginCatalog> Catalog = new(() =>
    {
        var catalog = new PluginCatalog(NullLogger<PluginCatalog>.Instance);
        catalog.Discover([TestPaths.Plugins]);
        return catalog;
    });

    public static IPluginFactory<TProduct> Factory<TProduct>(PluginKind kind, string name) =>
        (IPluginFactory<TProduct>)(Catalog.Value.Find(kind, name)
            ?? throw new InvalidOperationException($"no {kind} plugin '{name}' in {TestPaths.Plugins}")).Factory;

    /// <summary>The plugin's options bound from <paramref name="values"/> and validated, as the host does for a run.</summary>
    public static object Options(PluginKind kind, string name, params (string Key, string Value)[] values)
    {
        var descriptor = Catalog.Value.Find(kind, name)!;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return OptionsBinder.Bind(descriptor.OptionsType, $"{name} options", configuration);
    }
}
