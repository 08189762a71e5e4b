using System.Text.RegularExpressions;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Plugins;

/// <summary>One export's <c>[Plugin]</c> metadata as System.Composition hands it over, and what is wrong with it.</summary>
internal sealed record ExportDeclaration(PluginKind? Kind, string Name, string Version, string Description, Type OptionsType)
{
    public static ExportDeclaration Of(IDictionary<string, object> metadata)
    {
        string Text(string key) => metadata.TryGetValue(key, out var v) && v is string s ? s : "";
        var kind = metadata.TryGetValue(nameof(PluginAttribute.Kind), out var k) && k is PluginKind known ? known : (PluginKind?)null;
        var options = metadata.TryGetValue(nameof(PluginAttribute.OptionsType), out var o) && o is Type t ? t : typeof(NoOptions);
        return new(kind, Text(nameof(PluginAttribute.Name)), Text(nameof(PluginAttribute.Version)),
            Text(nameof(PluginAttribute.Description)), options);
    }

    /// <summary>Every problem of the declaration at once, so one rebuild fixes them all.</summary>
    public List<string> Errors(Regex kebabCase)
    {
        var errors = new List<string>();
        if (!kebabCase.IsMatch(Name)) errors.Add($"plugin name '{Name}' is not kebab-case (lower-case words joined by '-')");
        if (Kind is null) errors.Add($"plugin '{Name}' has no kind; export it with [Plugin(PluginKind.X, ...)]");
        if (OptionsType.GetConstructor(Type.EmptyTypes) is null)
        {
            errors.Add($"options class {OptionsType.Name} of plugin '{Name}' needs a public parameterless constructor");
        }
        return errors;
    }

    public PluginDescriptor Describe(string source, object factory) =>
        new(Kind!.Value, Name, Version, Description, OptionsType, source, factory);
}
