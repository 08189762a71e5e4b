using TorchSharp;
using SparsePlugins.Abstractions;
using SparsePlugins.Authoring;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers;

[Plugin(PluginKind.Sampler, "adam", "Adam optimiser on the posterior potential (point estimate baseline)", OptionsType = typeof(AdamOptions))]
public sealed class AdamPlugin : SamplerPlugin<AdamOptions>
{
    protected override ISampler Create(AdamOptions options, PluginContext context) => new AdamSampler(options);
}

/// <summary>
/// Adam (Kingma and Ba 2015) on U: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g o g,
/// beta -= eps_k (m / (1 - b1^k)) / (sqrt(v / (1 - b2^k)) + epsilon). The bias corrections use the chain's
/// iteration k, so a restored checkpoint continues exactly.
/// </summary>
public sealed class AdamSampler : ParameterSampler
{
    private readonly AdamOptions _options;
    private readonly ParameterBuffers _m;
    private readonly ParameterBuffers _v;
    private readonly ParameterBuffers _denominator;
    private double _firstCorrection;
    private double _secondCorrection;

    public AdamSampler(AdamOptions options) : base(options)
    {
        _options = options;
        _m = Buffers("m");
        _v = Buffers("v");
        _denominator = Buffers(null);
    }

    public override bool IsStochastic => false;

    protected override void BeginStep(SamplerStep step)
    {
        _firstCorrection = 1 - Math.Pow(_options.Beta1, step.Iteration);
        _secondCorrection = 1 - Math.Pow(_options.Beta2, step.Iteration);
    }

    protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step)
    {
        using var beta1 = _options.Beta1.ToScalar();
        using var rest1 = (1 - _options.Beta1).ToScalar();
        using var beta2 = _options.Beta2.ToScalar();
        using var rest2 = (1 - _options.Beta2).ToScalar();
        var m = _m[index].mul_(beta1).add_(gradient, rest1);
        var v = _v[index].mul_(beta2).addcmul_(gradient, gradient, rest2);
        // sqrt(v / c2) + epsilon = (sqrt(v) + epsilon sqrt(c2)) / sqrt(c2), so the step is
        // -(eps sqrt(c2) / c1) m / (sqrt(v) + epsilon sqrt(c2)): one buffer, no temporaries.
        var root = Math.Sqrt(_secondCorrection);
        using var epsilon = (_options.Epsilon * root).ToScalar();
        using var update = (-StepSize * root / _firstCorrection).ToScalar();
        using var one = 1.0.ToScalar();
        var denominator = _denominator[index].copy_(v).sqrt_().add_(epsilon, one);
        parameter.addcdiv_(m, denominator, update);
    }
}
