using System.Composition;

namespace SparsePlugins.Abstractions;

/// <summary>
/// Exports a plugin factory with the metadata the host shows and validates: a unique kebab-case name, its kind,
/// version, a one-line description and the options class bound from configuration.
/// Use the kind-specific attributes (<see cref="SamplerPluginAttribute"/> and friends), which fix the contract type.
/// </summary>
[MetadataAttribute]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class PluginAttribute : ExportAttribute
{
    protected PluginAttribute(Type contractType, PluginKind kind, string name, string description)
        : base(contractType)
    {
        Kind = kind;
        Name = name;
        Description = description;
    }

    /// <summary>Unique kebab-case name users write in configuration (e.g. <c>psgld</c>).</summary>
    public string Name { get; }

    public PluginKind Kind { get; }

    /// <summary>One line shown by <c>plugins</c>.</summary>
    public string Description { get; }

    /// <summary>Semantic version of the plugin's behaviour and options.</summary>
    public string Version { get; set; } = "1.0.0";

    /// <summary>Options class bound from the run's <c>Options</c> section; must have a parameterless constructor.</summary>
    public Type OptionsType { get; set; } = typeof(NoOptions);
}

/// <summary>Exports an <see cref="ISamplerPlugin"/>.</summary>
public sealed class SamplerPluginAttribute(string name, string description)
    : PluginAttribute(typeof(ISamplerPlugin), PluginKind.Sampler, name, description);

/// <summary>Exports an <see cref="IPriorPlugin"/>.</summary>
public sealed class PriorPluginAttribute(string name, string description)
    : PluginAttribute(typeof(IPriorPlugin), PluginKind.Prior, name, description);

/// <summary>Exports an <see cref="IProblemPlugin"/>.</summary>
public sealed class ProblemPluginAttribute(string name, string description)
    : PluginAttribute(typeof(IProblemPlugin), PluginKind.Problem, name, description);

/// <summary>Exports an <see cref="INetworkPlugin"/>.</summary>
public sealed class NetworkPluginAttribute(string name, string description)
    : PluginAttribute(typeof(INetworkPlugin), PluginKind.Network, name, description);

/// <summary>Options class of a plugin that has none.</summary>
public sealed class NoOptions;
