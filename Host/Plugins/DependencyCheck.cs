using System.Reflection;

namespace SparsePlugins.Host.Plugins;

/// <summary>Resolves every assembly a plugin references, so a missing one is reported at load, not mid-run.</summary>
internal static class DependencyCheck
{
    public static FileProblem? Check(PluginLoadContext context, Assembly assembly)
    {
        var missing = new List<string>();
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            try
            {
                context.LoadFromAssemblyName(reference);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                if (reference.Name == ContractsInfo.AssemblyName)
                {
                    return new(PluginLoadState.IncompatibleContract,
                        $"needs {reference.Name} {reference.Version}, which the host cannot bind; {ContractsInfo.Rebuild}");
                }
                missing.Add($"{reference.Name} {reference.Version}");
            }
        }
        return missing.Count == 0 ? null : new(PluginLoadState.MissingDependency,
            $"needs {string.Join(", ", missing)}, found neither in the plugin's folder nor in the host; " +
            "copy the plugin's whole build output (with its .deps.json) into the folder");
    }
}
