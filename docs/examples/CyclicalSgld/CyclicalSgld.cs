using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Abstractions;
using SparsePlugins.Authoring;
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
public sealed class Csgld(CsgldOptions o) : ParameterSampler // the loop under no_grad, step_size, checkpoints
{
    private readonly LangevinNoise _noise = new(temperature: 1);
    public override bool IsStochastic => true;
    protected override void OnInitialize(SamplerSetup setup) => _noise.Allocate(setup.Parameters);
    private double Phase(long k)
    {
        long length = Math.Max(1, (Setup.TotalIterations + o.Cycles - 1) / o.Cycles); // L = ceil(K/M)
        return (double)((k - 1) % length) / length;
    }
    public override bool Collects(long k) => Phase(k) >= o.Beta;
    protected override double StepSizeAt(long k) => o.StepSize / 2 * (Math.Cos(Math.PI * Phase(k)) + 1);
    protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step)
    {
        if (Collects(step.Iteration)) _noise.Step(index, parameter, gradient, step.Generator, StepSize); // SGLD, fused on float32
        else Descend(parameter, gradient); // exploration: gradient descent, no noise
    }
}
