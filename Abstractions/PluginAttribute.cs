using System.Composition;

namespace SparsePlugins.Abstractions;

/// <summary>
/// Exports a plugin factory with the metadata the host shows and validates: its kind, a unique kebab-case name,
/// version, a one-line description and the options class bound from configuration. The export contract follows
/// from the kind (<see cref="ISamplerPlugin"/>, <see cref="IPriorPlugin"/>, ...).
/// </summary>
/// <example><c>[Plugin(PluginKind.Sampler, "sgld", "Stochastic gradient Langevin dynamics", OptionsType = typeof(SgldOptions))]</c></example>
[MetadataAttribute]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PluginAttribute(PluginKind kind, string name, string description)
    : ExportAttribute(ContractOf(kind))
{
    // System.Composition reads metadata only from properties declared on the attribute's own type, so they all
    // live here rather than on a base class.

    public PluginKind Kind { get; } = kind;

    /// <summary>Unique kebab-case name users write in configuration (e.g. <c>psgld</c>).</summary>
    public string Name { get; } = name;

    /// <summary>One line shown by <c>plugins</c>.</summary>
    public string Description { get; } = description;

    /// <summary>Semantic version of the plugin's behaviour and options.</summary>
    public string Version { get; set; } = "1.0.0";

    /// <summary>Options class bound from the run's <c>Options</c> section; must have a parameterless constructor.</summary>
    public Type OptionsType { get; set; } = typeof(NoOptions);

    /// <summary>The factory interface a plugin of this kind implements.</summary>
    public static Type ContractOf(PluginKind kind) => kind switch
    {
        PluginKind.Sampler => typeof(ISamplerPlugin),
        PluginKind.Prior => typeof(IPriorPlugin),
        PluginKind.Problem => typeof(IProblemPlugin),
        PluginKind.Network => typeof(INetworkPlugin),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown plugin kind"),
    };
}

/// <summary>Options class of a plugin that has none.</summary>
public sealed class NoOptions;
