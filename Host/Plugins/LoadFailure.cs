namespace SparsePlugins.Host.Plugins;

/// <summary>Turns the runtime's load exceptions into a load state and a message, by exception type only.</summary>
internal static class LoadFailure
{
    /// <summary>
    /// A missing assembly is a missing dependency. Any other load failure of a plugin's own class, once every
    /// dependency has resolved (checked before), means its base class or interfaces differ from the ones it was
    /// compiled against: an incompatible contract.
    /// </summary>
    public static PluginLoadState StateOf(Exception e) => e switch
    {
        FileNotFoundException or FileLoadException => PluginLoadState.MissingDependency,
        _ => PluginLoadState.IncompatibleContract,
    };

    public static string Describe(Exception e, string what) => StateOf(e) == PluginLoadState.IncompatibleContract
        ? $"{what} cannot be loaded ({e.Message}); {ContractsInfo.Rebuild}"
        : $"{what} cannot be loaded ({e.Message})";

    public static string Flatten(Exception e) =>
        e.InnerException is null ? e.Message : e.Message + " -> " + Flatten(e.InnerException);
}
