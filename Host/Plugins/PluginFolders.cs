using SparsePlugins.Host.Configuration;

namespace SparsePlugins.Host.Plugins;

/// <summary>
/// The folders discovery scans: the built-in <c>plugins/</c> beside the host, always and first, then each folder of
/// <c>PluginDirectories</c> (relative ones resolved beside the host). Setting PluginDirectories adds folders; it
/// never hides the shipped plugins. A folder named twice (e.g. "plugins" again) is scanned once.
/// </summary>
public static class PluginFolders
{
    /// <summary>The built-in folder: <c>plugins/</c> in the folder holding SparsePlugins.Host.dll.</summary>
    public static string BuiltIn => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static IReadOnlyList<string> Resolve(HostSettings settings) =>
        settings.PluginDirectories
            .Select(d => Path.GetFullPath(Path.IsPathRooted(d) ? d : Path.Combine(AppContext.BaseDirectory, d)))
            .Prepend(Path.GetFullPath(BuiltIn))
            .Select(d => Path.TrimEndingDirectorySeparator(d))
            .Distinct(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
            .ToList();
}
