namespace SparsePlugins.Host.Plugins;

/// <summary>
/// What discovery made of one plugin export or, when it could not read a file's exports, of the whole file. Code
/// branches on this value, never on a message's wording; <c>plugins</c> and <c>plugins --json</c> show it.
/// Every state but <see cref="Active"/> means the export (or every export of the file) is quarantined: not used.
/// </summary>
public enum PluginLoadState
{
    /// <summary>Loaded; runs can use it.</summary>
    Active,

    /// <summary>Another plugin of the same kind already has this name; runs naming it are refused until one is renamed or removed.</summary>
    Duplicate,

    /// <summary>The export's declaration is invalid: a name that is not kebab-case, no kind, an options class without a parameterless constructor.</summary>
    Malformed,

    /// <summary>The export's constructor threw.</summary>
    ConstructorFailed,

    /// <summary>Built against contracts the host does not have (a member, type or version of SparsePlugins.Abstractions it lacks): rebuild against the host's.</summary>
    IncompatibleContract,

    /// <summary>The file needs an assembly that is neither in its folder nor in the host.</summary>
    MissingDependency,

    /// <summary>The file is no plugin assembly: not .NET, corrupt, unreadable, or it does not reference the contracts.</summary>
    NotAPlugin,

    /// <summary>The file loaded but exports no plugins (a library beside a plugin, say); informational.</summary>
    NoExports,
}
