using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace SparsePlugins.Host.Plugins;

/// <summary>
/// Checks, at load, that every type and member a plugin uses from the contracts assembly exists in the host's copy.
/// A plugin compiled against other contracts (a renamed method, a removed type) would otherwise load and then fail
/// mid-run with the runtime's MissingMethodException, whatever its version number says. Each reference in the
/// plugin's metadata is resolved through the runtime, so signatures are compared exactly as the JIT would.
/// </summary>
internal static class ContractCheck
{
    public static FileProblem? Check(Assembly assembly, string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var module = assembly.ManifestModule;
        var missing = new List<string>();
        foreach (var handle in reader.TypeReferences)
        {
            if (!FromContracts(reader, handle)) continue;
            TryResolve(() => module.ResolveType(MetadataTokens.GetToken(handle)), () => TypeName(reader, handle), missing);
        }
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (ContractsParent(reader, member.Parent) is not { } parent) continue;
            TryResolve(() => module.ResolveMember(MetadataTokens.GetToken(handle)),
                () => TypeName(reader, parent) + "." + reader.GetString(member.Name), missing);
        }
        return missing.Count == 0 ? null : new(PluginLoadState.IncompatibleContract,
            $"uses {string.Join(", ", missing.Distinct())} of {ContractsInfo.AssemblyName}, which the host's version lacks " +
            $"or declares differently; {ContractsInfo.Rebuild}");
    }

    private static void TryResolve(Action resolve, Func<string> name, List<string> missing)
    {
        try
        {
            resolve();
        }
        catch (Exception e) when (e is MissingMemberException or TypeLoadException or BadImageFormatException)
        {
            missing.Add(name());
        }
        catch (ArgumentException)
        {
            // A member of a generic instantiation over the plugin's own type parameters needs a generic context to
            // resolve; the runtime checks it when the class loads, which ExportReader reports per export.
        }
    }

    /// <summary>The contracts type a member belongs to: a type reference, or the generic type of an instantiation.</summary>
    private static TypeReferenceHandle? ContractsParent(MetadataReader reader, EntityHandle parent)
    {
        if (parent.Kind == HandleKind.TypeReference)
        {
            var type = (TypeReferenceHandle)parent;
            return FromContracts(reader, type) ? type : null;
        }
        if (parent.Kind != HandleKind.TypeSpecification) return null;
        var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
        blob.ReadSignatureTypeCode(); // class or value type
        var generic = blob.ReadTypeHandle();
        return generic.Kind == HandleKind.TypeReference && FromContracts(reader, (TypeReferenceHandle)generic)
            ? (TypeReferenceHandle)generic
            : null;
    }

    /// <summary>True when the type reference (or the type it is nested in) resolves to the contracts assembly.</summary>
    private static bool FromContracts(MetadataReader reader, TypeReferenceHandle handle)
    {
        var scope = reader.GetTypeReference(handle).ResolutionScope;
        return scope.Kind switch
        {
            HandleKind.TypeReference => FromContracts(reader, (TypeReferenceHandle)scope),
            HandleKind.AssemblyReference => reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name)
                                            == ContractsInfo.AssemblyName,
            _ => false,
        };
    }

    private static string TypeName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return TypeName(reader, (TypeReferenceHandle)type.ResolutionScope) + "+" + name;
        }
        return type.Namespace.IsNil ? name : reader.GetString(type.Namespace) + "." + name;
    }
}
