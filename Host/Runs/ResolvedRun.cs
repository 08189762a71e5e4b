using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Plugins;

namespace SparsePlugins.Host.Runs;

/// <summary>A run whose plugins are found and whose options are bound and valid: ready to execute.</summary>
public sealed record ResolvedRun(
    RunSpecification Specification,
    BoundPlugin Problem,
    BoundPlugin Network,
    BoundPlugin Prior,
    BoundPlugin Sampler);

public sealed record BoundPlugin(PluginDescriptor Descriptor, object Options);
