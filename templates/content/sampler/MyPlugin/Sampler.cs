using SparsePlugins.Abstractions;
using SparsePlugins.Authoring;
using TorchSharp;
using static TorchSharp.torch;

namespace MyPlugin;

/// <summary>
/// Options bound from the run's Sampler:Options section and validated before the sampler is created. LangevinOptions
/// brings StepSize, StepOffset, StepDecay and WarmupSteps (eps_k = eps0 (k + k0)^-decay, linear warm-up) and
/// Temperature; add your own with [Description] and [Range].
/// </summary>
public sealed class MyPluginOptions : LangevinOptions;

[Plugin(PluginKind.Sampler, "my-sampler", "Stochastic gradient Langevin dynamics (template)", OptionsType = typeof(MyPluginOptions))]
public sealed class MyPluginPlugin : SamplerPlugin<MyPluginOptions>
{
    protected override ISampler Create(MyPluginOptions options, PluginContext context) => new MyPluginSampler(options);
}

/// <summary>
/// theta &lt;- theta - eps_k grad U + sqrt(2 eps_k / tau) xi, xi ~ N(0, I). ParameterSampler (the authoring library)
/// runs the loop over parameters under no_grad, sets StepSize from the options' schedule, reports step_size and
/// checkpoints buffers registered with Buffers("name"); the sampler is its per-parameter rule.
/// </summary>
public sealed class MyPluginSampler(MyPluginOptions options) : ParameterSampler(options)
{
    private readonly LangevinNoise _noise = new(options.Temperature);

    public override bool IsStochastic => true;

    protected override void OnInitialize(SamplerSetup setup) => _noise.Allocate(setup.Parameters);

    // Your update rule, in place. This is SGLD by hand (_noise.Step(...) does the same, fused on float32 tensors);
    // numbers reach TorchSharp as scoped Scalars.
    protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step)
    {
        using var minusEps = (-StepSize).ToScalar();
        using var noiseScale = _noise.Scale(StepSize).ToScalar();
        parameter.add_(gradient, minusEps).add_(_noise.Draw(index, step.Generator), noiseScale);
    }
}
