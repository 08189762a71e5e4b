using System.Reflection;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Plugins;

/// <summary>The contracts assembly the host runs with, and the advice every incompatible plugin gets.</summary>
internal static class ContractsInfo
{
    private static readonly Assembly Contracts = typeof(PluginAttribute).Assembly;

    public static readonly string AssemblyName = Contracts.GetName().Name!;

    public static readonly Version AssemblyVersion = Contracts.GetName().Version!;

    /// <summary>The package version (ContractsVersion in Directory.Build.props), without the source-revision suffix.</summary>
    public static readonly string PackageVersion =
        (Contracts.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? AssemblyVersion.ToString(3))
        .Split('+')[0];

    /// <summary>The fix, in the same words wherever a plugin does not match the host's contracts.</summary>
    public static string Rebuild => $"rebuild against {AssemblyName} {PackageVersion}";
}
