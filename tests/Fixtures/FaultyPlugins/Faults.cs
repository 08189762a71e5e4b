using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace FaultyPlugins;

/// <summary>Its constructor throws: discovery must report it by name and still load the other plugin of this file.</summary>
[Plugin(PluginKind.Sampler, "fixture-ctor-throws", "A plugin whose constructor fails")]
public sealed class CtorThrowsPlugin : SamplerPlugin<NoOptions>
{
    public CtorThrowsPlugin() => throw new InvalidOperationException("fixture: this constructor always fails");

    protected override ISampler Create(NoOptions options, PluginContext context) => throw new NotSupportedException();
}

public sealed class StepThrowsOptions
{
    /// <summary>The iteration whose step throws.</summary>
    public int FailAtIteration { get; set; } = 3;
}

/// <summary>A sampler that leaves the weights alone and throws at a chosen iteration: a plugin failing mid-run.</summary>
[Plugin(PluginKind.Sampler, "fixture-step-throws", "A sampler that fails at a chosen step", OptionsType = typeof(StepThrowsOptions))]
public sealed class StepThrowsPlugin : SamplerPlugin<StepThrowsOptions>
{
    protected override ISampler Create(StepThrowsOptions options, PluginContext context) => new StepThrowsSampler(options.FailAtIteration);
}

public sealed class StepThrowsSampler(int failAt) : ISampler
{
    public bool IsStochastic => false;

    public IReadOnlyDictionary<string, double> Diagnostics { get; } = new Dictionary<string, double>();

    public void Initialize(IReadOnlyList<NamedParameter> parameters)
    {
    }

    public void Step(SamplerStep step)
    {
        if (step.Iteration >= failAt)
        {
            throw new InvalidOperationException($"fixture-step-throws: step {step.Iteration} failed on purpose");
        }
    }

    public void SaveState(IDictionary<string, Tensor> state)
    {
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
    }
}
