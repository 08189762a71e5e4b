using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace MyPlugin;

/// <summary>Options bound from the run's Sampler:Options section and validated before the sampler is created.</summary>
public sealed class MyPluginOptions
{
    [Description("Step size eps of the Langevin update.")]
    [Range(1e-12, 1.0)]
    public double StepSize { get; set; } = 1e-3;
}

[Plugin(PluginKind.Sampler, "my-sampler", "Stochastic gradient Langevin dynamics (template)", OptionsType = typeof(MyPluginOptions))]
public sealed class MyPluginPlugin : SamplerPlugin<MyPluginOptions>
{
    protected override ISampler Create(MyPluginOptions options, PluginContext context) => new MyPluginSampler(options);
}

/// <summary>theta &lt;- theta - eps grad U + sqrt(2 eps) xi, xi ~ N(0, I).</summary>
public sealed class MyPluginSampler(MyPluginOptions options) : ISampler
{
    private IReadOnlyList<NamedParameter> _parameters = [];

    public bool IsStochastic => true;

    public IReadOnlyDictionary<string, double> Diagnostics => new Dictionary<string, double> { ["step_size"] = options.StepSize };

    public void Initialize(IReadOnlyList<NamedParameter> parameters) => _parameters = parameters;

    public void Step(SamplerStep step)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var minusEps = (-options.StepSize).ToScalar();
        using var noiseScale = Math.Sqrt(2 * options.StepSize).ToScalar();
        foreach (var (_, p) in _parameters)
        {
            if (p.grad is not { } grad) continue;
            var noise = randn(p.shape, p.dtype, p.device, generator: step.Generator);
            p.add_(grad, alpha: minusEps).add_(noise, alpha: noiseScale);
        }
    }

    // Plain SGLD has no state beyond the parameters; a sampler with moments saves copies of them here.
    public void SaveState(IDictionary<string, Tensor> state)
    {
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
    }
}
