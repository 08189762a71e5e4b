namespace SparsePlugins.Host.Configuration;

/// <summary>One run as configured, after the method preset has been expanded.</summary>
public sealed record RunSpecification(
    string Name,
    long Seed,
    string Method,
    PluginSelection Problem,
    PluginSelection Network,
    PluginSelection Prior,
    PluginSelection Sampler,
    TrainingOptions Training);
