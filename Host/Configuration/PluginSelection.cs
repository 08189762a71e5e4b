using Microsoft.Extensions.Configuration;

namespace SparsePlugins.Host.Configuration;

/// <summary>A plugin chosen by name, with the raw configuration of its options (bound later, strictly).</summary>
public sealed record PluginSelection(string Name, IConfiguration? Options, IConfiguration? PresetOptions = null);
