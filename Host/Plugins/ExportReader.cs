using System.Composition.Hosting;
using System.Reflection;
using System.Text.RegularExpressions;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Plugins;

/// <summary>An assembly's usable plugins and one status for each export (or, failing that, the file) that is not.</summary>
internal sealed record ExportReading(List<PluginDescriptor> Plugins, List<PluginLoadStatus> Problems);

/// <summary>
/// Composes an assembly's exports one at a time, so that one bad export (a class that cannot load, invalid
/// metadata, a throwing constructor) is quarantined alone and every problem of the file is reported in one go.
/// </summary>
internal static partial class ExportReader
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    public static ExportReading Read(Assembly assembly, string source)
    {
        var reading = new ExportReading([], []);
        var types = LoadableTypes(assembly, source, reading.Problems);
        if (types is null) return reading;
        using var container = new ContainerConfiguration().WithParts(types).CreateContainer();
        Describe<ISamplerPlugin>(container, source, reading);
        Describe<IPriorPlugin>(container, source, reading);
        Describe<IProblemPlugin>(container, source, reading);
        Describe<INetworkPlugin>(container, source, reading);
        return reading;
    }

    /// <summary>
    /// The types the runtime can load. A plugin class that cannot load is that export's problem; any other class that
    /// cannot load may be used by any export, so the file is quarantined (null) with every such class named.
    /// </summary>
    private static Type[]? LoadableTypes(Assembly assembly, string source, List<PluginLoadStatus> problems)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var index = PluginTypeIndex.Read(source);
            var fileLevel = new List<string>();
            foreach (var failure in e.LoaderExceptions.OfType<Exception>())
            {
                var typeName = (failure as TypeLoadException)?.TypeName ?? "";
                if (index.TryGetValue(typeName, out var export))
                {
                    problems.Add(new(LoadFailure.StateOf(failure), source, export.Kind, export.Name,
                        LoadFailure.Describe(failure, $"class {typeName}")));
                }
                else
                {
                    fileLevel.Add(LoadFailure.Describe(failure, typeName.Length == 0 ? "a class" : $"class {typeName}"));
                }
            }
            if (fileLevel.Count == 0) return e.Types.OfType<Type>().ToArray();
            problems.Add(new(PluginLoadState.IncompatibleContract, source, null, null,
                string.Join("; ", fileLevel.Distinct()) + ". Its exports may use these classes, so none is loaded"));
            return null;
        }
    }

    private static void Describe<TContract>(CompositionHost container, string source, ExportReading reading)
    {
        foreach (var export in container.GetExports<Lazy<TContract, IDictionary<string, object>>>())
        {
            var declaration = ExportDeclaration.Of(export.Metadata);
            var errors = declaration.Errors(KebabCase());
            if (errors.Count > 0)
            {
                reading.Problems.Add(new(PluginLoadState.Malformed, source, declaration.Kind, declaration.Name,
                    string.Join("; ", errors) + ". Fix the [Plugin] attribute or the options class and rebuild"));
                continue;
            }
            if (Create(export, declaration, source, reading.Problems) is { } factory)
            {
                reading.Plugins.Add(declaration.Describe(source, factory));
            }
        }
    }

    /// <summary>The export's instance, or null and a status naming the cause when its constructor throws.</summary>
    private static object? Create<TContract>(Lazy<TContract, IDictionary<string, object>> export, ExportDeclaration declaration,
        string source, List<PluginLoadStatus> problems)
    {
        try
        {
            return export.Value;
        }
        catch (Exception e)
        {
            problems.Add(new(PluginLoadState.ConstructorFailed, source, declaration.Kind, declaration.Name,
                $"could not be created: {LoadFailure.Flatten(e)}. Fix its constructor or remove the file; the file's other plugins are loaded"));
            return null;
        }
    }
}
