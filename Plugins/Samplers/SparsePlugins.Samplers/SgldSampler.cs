using TorchSharp;
using SparsePlugins.Abstractions;
using SparsePlugins.Samplers.Numerics;
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

    protected override void OnInitialize(IReadOnlyList<NamedParameter> parameters) => _noise.Allocate(parameters);

    protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step)
    {
        if (FusedKernels.Applies(parameter, gradient))
        {
            FusedKernels.Sgld(parameter, gradient, _noise.DrawKeys(step.Generator), StepSize, _noise.Scale(StepSize));
            return;
        }
        using var descent = (-StepSize).ToScalar();
        using var scale = _noise.Scale(StepSize).ToScalar();
        parameter.add_(gradient, descent).add_(_noise.Draw(index, step.Generator), scale);
    }
}
