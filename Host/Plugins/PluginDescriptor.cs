using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Plugins;

/// <summary>A discovered plugin: its metadata, where it came from, and its factory.</summary>
public sealed record PluginDescriptor(
    PluginKind Kind,
    string Name,
    string Version,
    string Description,
    Type OptionsType,
    string SourceFile,
    object Factory)
{
    public TFactory FactoryAs<TFactory>() where TFactory : class => Factory as TFactory
        ?? throw new InvalidOperationException($"Plugin '{Name}' does not implement {typeof(TFactory).Name}.");
}
