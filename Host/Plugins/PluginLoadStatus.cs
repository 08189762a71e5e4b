using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Plugins;

/// <summary>
/// What happened to one export (<see cref="Kind"/> and <see cref="Name"/> set) or to a whole file (both null) during
/// discovery, with a message a user can act on.
/// </summary>
public sealed record PluginLoadStatus(PluginLoadState State, string SourceFile, PluginKind? Kind, string? Name, string Message)
{
    /// <summary>True for a problem the user must fix; <see cref="PluginLoadState.Active"/> and <see cref="PluginLoadState.NoExports"/> are not.</summary>
    public bool IsProblem => State is not (PluginLoadState.Active or PluginLoadState.NoExports);

    /// <summary>True when this status is about the export <paramref name="name"/> of <paramref name="kind"/>.</summary>
    public bool Concerns(PluginKind kind, string name) =>
        Kind == kind && string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>One line: state, what (export or file), message.</summary>
    public override string ToString() => Name is null
        ? $"{State}: {SourceFile}: {Message}"
        : $"{State}: {Kind?.ToString().ToLowerInvariant() ?? "plugin"} '{Name}' in {SourceFile}: {Message}";
}
