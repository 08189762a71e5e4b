namespace SparsePlugins.Abstractions;

/// <summary>The four kinds of plugin a run is composed from.</summary>
public enum PluginKind
{
    Prior,
    Sampler,
    Problem,
    Network,
}
