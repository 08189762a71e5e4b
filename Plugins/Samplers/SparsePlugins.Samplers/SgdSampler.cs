using TorchSharp;
using SparsePlugins.Abstractions;
using SparsePlugins.Authoring;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers;

[Plugin(PluginKind.Sampler, "sgd", "Stochastic gradient descent with optional heavy-ball momentum (point estimate baseline)", OptionsType = typeof(SgdOptions))]
public sealed class SgdPlugin : SamplerPlugin<SgdOptions>
{
    protected override ISampler Create(SgdOptions options, PluginContext context) => new SgdSampler(options);
}

/// <summary>SGD on U: beta -= eps_k grad U, or with momentum v = mu v - eps_k grad U, beta += v. No noise (MAP).</summary>
public sealed class SgdSampler : ParameterSampler
{
    private readonly ParameterBuffers? _velocity;
    private readonly double _momentum;

    public SgdSampler(SgdOptions options) : base(options)
    {
        _momentum = options.Momentum;
        if (_momentum > 0) _velocity = Buffers("momentum");
    }

    public override bool IsStochastic => false;

    protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step)
    {
        if (_velocity is null)
        {
            Descend(parameter, gradient);
            return;
        }
        using var descent = (-StepSize).ToScalar();
        using var momentum = _momentum.ToScalar();
        parameter.AddInPlace(_velocity[index].mul_(momentum).add_(gradient, descent));
    }
}
