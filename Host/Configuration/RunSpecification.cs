namespace SparsePlugins.Host.Configuration;

/// <summary>One run as configured, after its recipes and the user's settings are layered.</summary>
/// <param name="Sources">Where each key that some layer set came from (recipe, configuration file, command line...);
/// keys no layer set take the plugins' defaults.</param>
public sealed record RunSpecification(
    string Name,
    long Seed,
    string Method,
    PluginSelection Problem,
    PluginSelection Network,
    PluginSelection Prior,
    PluginSelection Sampler,
    TrainingOptions Training,
    IReadOnlyDictionary<string, string> Sources);
