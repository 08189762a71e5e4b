using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Plugins;

/// <summary>A file's problem found before it is loaded, as a state and a message.</summary>
internal sealed record FileProblem(PluginLoadState State, string Message);

/// <summary>
/// Reads a candidate file's metadata without loading it: is it a .NET assembly that references the contracts, built
/// against a contracts version the host can bind? Loading a file that is not would fail later with a less useful text.
/// </summary>
internal static class PluginFileCheck
{
    public static FileProblem? Check(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return new(PluginLoadState.NotAPlugin, "is not a .NET assembly (no metadata); remove it from the plugin folder");
            }
            var reader = pe.GetMetadataReader();
            return reader.IsAssembly
                ? CheckContractsReference(reader)
                : new(PluginLoadState.NotAPlugin, "is a .NET module, not an assembly");
        }
        catch (BadImageFormatException e)
        {
            return new(PluginLoadState.NotAPlugin, "is corrupt or not a .NET assembly: " + e.Message);
        }
        catch (IOException e)
        {
            return new(PluginLoadState.NotAPlugin, "could not be read: " + e.Message);
        }
    }

    /// <summary>
    /// The contracts reference must exist; a newer one than the host's cannot bind (the runtime refuses a lower version
    /// than requested). An older or equal one is left to <see cref="ContractCheck"/>, which checks the members used.
    /// </summary>
    private static FileProblem? CheckContractsReference(MetadataReader reader)
    {
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            if (reader.GetString(reference.Name) != ContractsInfo.AssemblyName) continue;
            return reference.Version > ContractsInfo.AssemblyVersion
                ? new(PluginLoadState.IncompatibleContract,
                    $"was built against {ContractsInfo.AssemblyName} {reference.Version}, newer than the host's; {ContractsInfo.Rebuild}")
                : null;
        }
        return new(PluginLoadState.NotAPlugin, $"does not reference {ContractsInfo.AssemblyName}, so it cannot contain plugins");
    }
}
