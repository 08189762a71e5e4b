using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Plugins;

/// <summary>
/// The kind and name of every <c>[Plugin]</c> class of a file, read from metadata: when the runtime cannot load a
/// class, this still says which plugin it was, so the failure is reported for that export alone.
/// </summary>
internal static class PluginTypeIndex
{
    public static IReadOnlyDictionary<string, (PluginKind Kind, string Name)> Read(string path)
    {
        var index = new Dictionary<string, (PluginKind, string)>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                if (FindPlugin(reader, type) is { } plugin) index[FullName(reader, type)] = plugin;
            }
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or InvalidOperationException)
        {
            // No index: failures are then reported for the file, which is what they were before.
        }
        return index;
    }

    private static (PluginKind, string)? FindPlugin(MetadataReader reader, TypeDefinition type)
    {
        foreach (var handle in type.GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference) continue;
            var attributeType = reader.GetTypeReference((TypeReferenceHandle)constructor.Parent);
            if (reader.GetString(attributeType.Name) != nameof(PluginAttribute)) continue;
            // The blob of Plugin(kind, name, description): prolog 0x0001, the kind as int32, the name as a SerString.
            var blob = reader.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1) continue;
            var kind = (PluginKind)blob.ReadInt32();
            return (kind, blob.ReadSerializedString() ?? "");
        }
        return null;
    }

    /// <summary>Namespace.Name, with nested types as Outer+Inner as reflection names them.</summary>
    private static string FullName(MetadataReader reader, TypeDefinition type)
    {
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil) return FullName(reader, reader.GetTypeDefinition(declaring)) + "+" + name;
        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
