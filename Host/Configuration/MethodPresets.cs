using Microsoft.Extensions.Configuration;

namespace SparsePlugins.Host.Configuration;

/// <summary>
/// The paper's four methods are compositions of a sampler and a prior, not classes of their own. A preset fills
/// <c>Prior</c> and <c>Sampler</c> (and the option that distinguishes PSGLD-SA's preconditioner); anything the
/// run sets explicitly wins.
/// </summary>
public static class MethodPresets
{
    public sealed record Preset(string Sampler, string Prior, IReadOnlyDictionary<string, string?> SamplerOptions);

    private static readonly Dictionary<string, Preset> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SGLD"] = new("sgld", "gaussian", new Dictionary<string, string?>()),
        ["PSGLD"] = new("psgld", "gaussian", new Dictionary<string, string?> { ["AlphaSchedule"] = "Constant" }),
        ["SGLD-SA"] = new("sgld", "ssgl", new Dictionary<string, string?>()),
        ["PSGLD-SA"] = new("psgld", "ssgl", new Dictionary<string, string?> { ["AlphaSchedule"] = "Decaying" }),
    };

    public static IReadOnlyCollection<string> Names => All.Keys;

    public static Preset? Find(string method) => All.GetValueOrDefault(method);

    public static IConfiguration ToConfiguration(IReadOnlyDictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
