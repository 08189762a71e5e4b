using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers;

public sealed class SgldOptions
{
    [Description("eps0 in the step-size schedule eps_k = eps0 (k + k0)^-decay.")]
    [Range(1e-12, 1e3)]
    public double StepSize { get; set; } = 1e-3;

    [Description("Exponent of the polynomial step-size decay (the paper: 1/3).")]
    [Range(0.0, 1.0)]
    public double StepDecay { get; set; } = 0.0;

    [Description("Temperature tau: the noise variance is 2 eps_k / tau; 1 samples the posterior.")]
    [Range(1e-12, 1e12)]
    public double Temperature { get; set; } = 1.0;
}

/// <summary>Stochastic gradient Langevin dynamics: beta -= eps_k grad U + N(0, 2 eps_k / tau).</summary>
[Plugin(PluginKind.Sampler, "sgld", "Stochastic gradient Langevin dynamics (Welling & Teh 2011)", OptionsType = typeof(SgldOptions))]
public sealed class SgldPlugin : SamplerPlugin<SgldOptions>
{
    protected override ISampler Create(SgldOptions options, PluginContext context) => new SgldSampler(options);
}

public sealed class SgldSampler(SgldOptions options) : ISampler
{
    private IReadOnlyList<NamedParameter> _parameters = [];
    private double _epsilon;

    public bool IsStochastic => true;

    public IReadOnlyDictionary<string, double> Diagnostics => new Dictionary<string, double> { ["step_size"] = _epsilon };

    public void Initialize(IReadOnlyList<NamedParameter> parameters) => _parameters = parameters;

    public void Step(SamplerStep step)
    {
        _epsilon = options.StepSize * Math.Pow(step.Iteration, -options.StepDecay);
        var noiseScale = Math.Sqrt(2 * _epsilon / options.Temperature);
        using var _ = no_grad();
        foreach (var (_, p) in _parameters)
        {
            if (p.grad is not { } grad) continue;
            using var noise = randn(p.shape, p.dtype, p.device, generator: step.Generator);
            p.add_(grad, alpha: -_epsilon).add_(noise, alpha: noiseScale);
        }
    }

    public void SaveState(IDictionary<string, Tensor> state)
    {
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
    }
}
