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

/// <summary>A problem whose targets are [n] instead of [n, 1]: the host must refuse it, not broadcast the error to [n, n].</summary>
[Plugin(PluginKind.Problem, "fixture-flat-targets", "A problem that breaks the target-shape contract")]
public sealed class FlatTargetsPlugin : ProblemPlugin<NoOptions>
{
    protected override IProblem Create(NoOptions options, PluginContext context) => new FlatTargetsProblem();
}

public sealed class FlatTargetsProblem : IProblem
{
    public ProblemShape Shape { get; } = new([3], 1, ScalarType.Float64);

    public TensorDataset Train { get; } = new(zeros(8, 3, dtype: ScalarType.Float64), zeros(8, dtype: ScalarType.Float64));

    public TensorDataset Test { get; } = new(zeros(4, 3, dtype: ScalarType.Float64), zeros(4, 1, dtype: ScalarType.Float64));

    public double NoiseVariance => 1;

    public Tensor NegativeLogLikelihood(Tensor prediction, Tensor target, double noiseVariance) => prediction.sum();

    public IReadOnlyDictionary<string, double> Evaluate(Tensor prediction, Tensor target) => new Dictionary<string, double>();

    public ProblemReport Report(RunResult result) => ProblemReport.Empty;

    public void Dispose()
    {
        foreach (var tensor in new[] { Train.Inputs, Train.Targets, Test.Inputs, Test.Targets }) tensor.Dispose();
    }
}

/// <summary>Options that cannot be created by the host (no parameterless constructor).</summary>
public sealed class UnbindableOptions(double scale)
{
    public double Scale { get; } = scale;
}

/// <summary>
/// Two mistakes in one declaration (a name that is not kebab-case, options without a parameterless constructor):
/// discovery must quarantine this export alone and name both mistakes at once.
/// </summary>
[Plugin(PluginKind.Prior, "Bad_Name", "A declaration with two mistakes", OptionsType = typeof(UnbindableOptions))]
public sealed class MalformedPlugin : PriorPlugin<NoOptions>
{
    protected override IPrior Create(NoOptions options, PluginContext context) => throw new NotSupportedException();
}
