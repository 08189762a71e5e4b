using TorchSharp;
using SparsePlugins.Abstractions;
using SparsePlugins.Authoring;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers;

[Plugin(PluginKind.Sampler, "sghmc", "Stochastic gradient Hamiltonian Monte Carlo with friction (Chen et al. 2014)", OptionsType = typeof(SghmcOptions))]
public sealed class SghmcPlugin : SamplerPlugin<SghmcOptions>
{
    protected override ISampler Create(SghmcOptions options, PluginContext context) => new SghmcSampler(options);
}

/// <summary>
/// SGHMC in the parametrisation of Chen et al. (2014, eq. 15) with the gradient-noise estimate B-hat = 0:
/// v = (1 - alpha) v - eta grad U + N(0, 2 alpha eta / tau); beta += v. eta is the step size (h^2 for unit mass),
/// alpha the friction. The momentum is updated first, then the position (semi-implicit Euler).
/// </summary>
public sealed class SghmcSampler : ParameterSampler
{
    private readonly LangevinNoise _noise;
    private readonly ParameterBuffers _momentum;
    private readonly double _friction;

    public SghmcSampler(SghmcOptions options) : base(options)
    {
        _noise = new LangevinNoise(options.Temperature);
        _momentum = Buffers("momentum");
        _friction = options.Friction;
    }

    public override bool IsStochastic => true;

    protected override void OnInitialize(SamplerSetup setup) => _noise.Allocate(setup.Parameters);

    protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step)
    {
        using var keep = (1 - _friction).ToScalar();
        using var descent = (-StepSize).ToScalar();
        using var scale = _noise.Scale(_friction * StepSize).ToScalar();
        var v = _momentum[index]
            .mul_(keep)
            .add_(gradient, descent)
            .add_(_noise.Draw(index, step.Generator), scale);
        parameter.AddInPlace(v);
    }
}
