using Microsoft.Extensions.Configuration;

namespace SparsePlugins.Host.Configuration;

/// <summary>A plugin chosen by name, with the raw configuration of its options (recipes and the user's, layered; bound later, strictly).</summary>
public sealed record PluginSelection(string Name, IConfiguration? Options);
