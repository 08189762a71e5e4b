using SparsePlugins.Abstractions;
using SparsePlugins.Authoring;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers;

[Plugin(PluginKind.Sampler, "sgld", "Stochastic gradient Langevin dynamics (Welling & Teh 2011)", OptionsType = typeof(SgldOptions))]
public sealed class SgldPlugin : SamplerPlugin<SgldOptions>, IPublishesRecipes
{
    public IReadOnlyList<Recipe> Recipes { get; } = [PaperMethodRecipes.Sgld, PaperMethodRecipes.SgldSa];

    protected override ISampler Create(SgldOptions options, PluginContext context) => new SgldSampler(options);
}

/// <summary>SGLD: beta -= eps_k grad U; beta += N(0, 2 eps_k / tau).</summary>
public sealed class SgldSampler : ParameterSampler
{
    private readonly LangevinNoise _noise;

    public SgldSampler(SgldOptions options) : base(options) => _noise = new LangevinNoise(options.Temperature);

    public override bool IsStochastic => true;

    protected override void OnInitialize(SamplerSetup setup) => _noise.Allocate(setup.Parameters);

    protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step) =>
        _noise.Step(index, parameter, gradient, step.Generator, StepSize);
}
