using System.Reflection;
using System.Runtime.Loader;

namespace SparsePlugins.Host.Plugins;

/// <summary>
/// One load context per plugin folder. Assemblies the host itself has (Abstractions, TorchSharp,
/// System.Composition, Microsoft.Extensions, the framework) are deferred to the default context: a second copy would
/// make contract types differ (MEF then finds no exports) and a second TorchSharp would try to load libtorch again.
/// The exception is a library the plugin ships in a newer version than the host's (e.g. SkiaSharp 3 for ScottPlot
/// while TorchSharp brings SkiaSharp 2): the plugin gets its own copy, unless it is one of the contract assemblies,
/// whose identity must be shared. Everything else, managed or native, comes from the plugin's own folder.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<HashSet<string>> HostAssemblies = new(ReadHostAssemblies);
    private readonly AssemblyDependencyResolver _resolver;

    public PluginLoadContext(string mainAssemblyPath)
        : base($"plugin:{Path.GetFileNameWithoutExtension(mainAssemblyPath)}", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
    }

    public static bool IsHostAssembly(string simpleName) => HostAssemblies.Value.Contains(simpleName);

    private static readonly HashSet<string> ContractAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "SparsePlugins.Abstractions", "TorchSharp",
    };

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var own = _resolver.ResolveAssemblyToPath(assemblyName);
        if (assemblyName.Name is { } name && IsHostAssembly(name) && !NeedsOwnCopy(name, assemblyName.Version, own))
        {
            return null;
        }
        return own is null ? null : LoadFromAssemblyPath(own);
    }

    /// <summary>True when the plugin ships a newer version of a non-contract library than the host has.</summary>
    private static bool NeedsOwnCopy(string name, Version? requested, string? ownPath)
    {
        if (ownPath is null || requested is null || ContractAssemblies.Contains(name) ||
            name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
        {
            return false;
        }
        var host = Default.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase))?.GetName().Version
                   ?? HostVersion(name);
        return host is not null && host < requested;
    }

    private static Version? HostVersion(string name)
    {
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string tpa) return null;
        var path = tpa.Split(Path.PathSeparator).FirstOrDefault(p =>
            string.Equals(Path.GetFileNameWithoutExtension(p), name, StringComparison.OrdinalIgnoreCase));
        try
        {
            return path is null ? null : AssemblyName.GetAssemblyName(path).Version;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException)
        {
            return null;
        }
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static HashSet<string> ReadHostAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }
        foreach (var loaded in Default.Assemblies)
        {
            if (loaded.GetName().Name is { } name) names.Add(name);
        }
        return names;
    }
}
