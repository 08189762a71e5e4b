namespace SparsePlugins.Host.Plugins;

public enum PluginLoadState
{
    Loaded,
    Quarantined,
}

/// <summary>What happened to one candidate assembly during discovery, in words a user can act on.</summary>
public sealed record PluginLoadStatus(string SourceFile, PluginLoadState State, string Message, int PluginCount);
