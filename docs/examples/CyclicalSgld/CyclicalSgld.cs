using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace CyclicalSgld;

public sealed class CsgldOptions
{
    [Description("Largest step size eps0, at the start of each cycle."), Range(1e-12, 1.0)] public double StepSize { get; set; } = 1e-3;
    [Description("Cycles M over the chain."), Range(1, 1_000_000)] public int Cycles { get; set; } = 4;
    [Description("Fraction of each cycle spent exploring: no noise, iterates not collected."), Range(0.0, 0.99)] public double Beta { get; set; } = 0.5;
}

[Plugin(PluginKind.Sampler, "csgld", "Cyclical SGLD (Zhang et al. 2020): cosine step size; each cycle explores, then samples", OptionsType = typeof(CsgldOptions))]
public sealed class CsgldPlugin : SamplerPlugin<CsgldOptions>
{
    protected override ISampler Create(CsgldOptions options, PluginContext context) => new Csgld(options);
}

/// <summary>eps_k = eps0/2 (cos(pi mod(k-1, L) / L) + 1), L = ceil(K/M); theta -= eps_k grad U, plus sqrt(2 eps_k) xi when sampling.</summary>
public sealed class Csgld(CsgldOptions o) : ISampler
{
    private IReadOnlyList<NamedParameter> _parameters = [];
    private long _length = 1;
    private double _eps;
    public bool IsStochastic => true;
    public IReadOnlyDictionary<string, double> Diagnostics => new Dictionary<string, double> { ["step_size"] = _eps };
    public void Initialize(IReadOnlyList<NamedParameter> parameters) => _parameters = parameters;
    public void Initialize(SamplerSetup s) => (_parameters, _length) = (s.Parameters, Math.Max(1, (s.TotalIterations + o.Cycles - 1) / o.Cycles));
    private double Phase(long k) => (double)((k - 1) % _length) / _length;
    public bool Collects(long k) => Phase(k) >= o.Beta;
    public void Step(SamplerStep step)
    {
        using var _ = no_grad();
        _eps = o.StepSize / 2 * (Math.Cos(Math.PI * Phase(step.Iteration)) + 1);
        using var minusEps = (-_eps).ToScalar();
        using var noiseScale = Math.Sqrt(2 * _eps).ToScalar();
        foreach (var (_, p) in _parameters.Where(n => n.Parameter.grad is not null))
        {
            p.add_(p.grad!, alpha: minusEps);
            if (Collects(step.Iteration)) { using var xi = randn(p.shape, p.dtype, p.device, generator: step.Generator); p.add_(xi, alpha: noiseScale); }
        }
    }
    public void SaveState(IDictionary<string, Tensor> state) { } // no state: the schedule depends only on k and K
    public void LoadState(IReadOnlyDictionary<string, Tensor> state) { }
}
