using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace AuthorPlugins;

/// <summary>
/// The shape of cyclical SGLD, reduced to what the host must honour: it learns the chain's length from
/// <see cref="SamplerSetup"/> and declares the first half of the chain exploration, not samples.
/// </summary>
[Plugin(PluginKind.Sampler, "fixture-explore-then-sample", "Explores for the first half of the chain, then samples")]
public sealed class ExploreThenSamplePlugin : SamplerPlugin<NoOptions>, IPublishesRecipes
{
    /// <summary>A third party's method: a run writes <c>"Method": "EXPLORE-SA"</c> and the host needs no change.</summary>
    public IReadOnlyList<Recipe> Recipes { get; } =
    [
        new("explore-sa", "EXPLORE-SA", "Explore-then-sample with the spike-and-slab prior",
            new Dictionary<string, string> { ["Training:Thinning"] = "2", ["Prior:Options:SpikeScale"] = "0.05" })
        {
            Sampler = "fixture-explore-then-sample", Prior = "ssgl",
        },
    ];

    protected override ISampler Create(NoOptions options, PluginContext context) => new ExploreThenSample();
}

public sealed class ExploreThenSample : ISampler
{
    private readonly Dictionary<string, double> _diagnostics = [];
    private long _total;

    public bool IsStochastic => true;

    public IReadOnlyDictionary<string, double> Diagnostics => _diagnostics;

    public void Initialize(IReadOnlyList<NamedParameter> parameters) =>
        throw new InvalidOperationException("the host should call Initialize(SamplerSetup)");

    public void Initialize(SamplerSetup setup)
    {
        _total = setup.TotalIterations;
        _diagnostics["total_iterations"] = setup.TotalIterations;
    }

    public bool Collects(long iteration) => iteration > _total / 2;

    public void Step(SamplerStep step)
    {
    }

    public void SaveState(IDictionary<string, Tensor> state)
    {
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
    }
}
