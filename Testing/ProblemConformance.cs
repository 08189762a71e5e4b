using SparsePlugins.Abstractions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SparsePlugins.Testing;

/// <summary>
/// Conformance of a problem plugin: the data sets the host checks when a run starts (inputs [n, ...InputShape] and
/// targets [n, OutputSize], both of the problem's DType; a [n] target would broadcast to [n, n] in a squared error),
/// the same data for the same seed, a finite and differentiable likelihood that prefers the targets themselves, and
/// finite metrics that are lower for better predictions.
/// </summary>
public abstract class ProblemConformance : PluginConformance<IProblem>
{
    protected sealed override PluginKind Kind => PluginKind.Problem;

    /// <summary>Options of every test; make the data small (tens to hundreds of examples).</summary>
    protected virtual object ProblemOptions => CreateOptions();

    /// <summary>
    /// True when the likelihood's mode is at the target (a Gaussian or any location family): then the likelihood of
    /// the targets is at least that of a prediction 0.5 away, and metrics of the targets are no worse.
    /// </summary>
    protected virtual bool TargetIsMostLikely => true;

    [Fact]
    public void Data_sets_are_n_by_input_shape_and_n_by_output_size_of_the_problems_dtype()
    {
        using var problem = Create(ProblemOptions);
        var shape = problem.Shape;
        Assert.True(shape.OutputSize > 0, $"OutputSize {shape.OutputSize}");
        Assert.True(shape.InputShape.Length > 0 && shape.InputShape.All(d => d > 0), $"InputShape {Text(shape.InputShape)}");
        Assert.True(shape.DType is ScalarType.Float32 or ScalarType.Float64, $"DType {shape.DType}: the host supports float32 and float64");
        Assert.True(problem.Train.Count > 0, "Train is empty");
        Assert.True(problem.Test.Count > 0, "Test is empty");
        Check(shape, "Train", problem.Train);
        Check(shape, "Test", problem.Test);
        if (problem.Validation is { } validation) Check(shape, "Validation", validation);
        Assert.True(double.IsFinite(problem.NoiseVariance) && problem.NoiseVariance > 0, $"NoiseVariance {problem.NoiseVariance}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_data()
    {
        using var first = Create(ProblemOptions, seed: 7);
        using var second = Create(ProblemOptions, seed: 7);
        Same("Train", first.Train, second.Train);
        Same("Test", first.Test, second.Test);
        if (first.Validation is { } validation) Same("Validation", validation, second.Validation!);
    }

    [Fact]
    public void Likelihood_is_a_finite_differentiable_scalar()
    {
        using var problem = Create(ProblemOptions);
        using var scope = NewDisposeScope();
        var targets = problem.Train.Targets;
        var prediction = targets.detach().clone().Plus(0.5).requires_grad_(true);
        var nll = problem.NegativeLogLikelihood(prediction, targets, problem.NoiseVariance);
        Assert.True(nll.numel() == 1, $"NegativeLogLikelihood is {Text(nll.shape)}: it must be one number (the sum over the batch)");
        Assert.True(AllFinite(nll), $"NegativeLogLikelihood = {Number(nll)}");
        nll.backward();
        Assert.NotNull(prediction.grad);
        Assert.True(prediction.grad!.shape.SequenceEqual(targets.shape), "the gradient is not shaped like the prediction");
        Assert.True(AllFinite(prediction.grad), "the likelihood's gradient is not finite");
        if (TargetIsMostLikely)
        {
            using var _ = no_grad();
            var atTargets = Number(problem.NegativeLogLikelihood(targets.detach().clone(), targets, problem.NoiseVariance));
            Assert.True(atTargets <= Number(nll), $"-log likelihood of the targets {atTargets:G6} exceeds that of a worse prediction {Number(nll):G6}");
        }
    }

    [Fact]
    public void Metrics_are_finite_and_lower_for_a_better_prediction()
    {
        using var problem = Create(ProblemOptions);
        using var scope = NewDisposeScope();
        var targets = problem.Test.Targets;
        var worse = problem.Evaluate(targets.clone().Plus(0.5), targets);
        Assert.NotEmpty(worse);
        foreach (var (key, value) in worse) Assert.True(double.IsFinite(value), $"metric {key} = {value}");
        var split = problem.Evaluate(targets.clone().Plus(0.5), targets, DataSplit.Test);
        foreach (var (key, value) in split) Assert.True(double.IsFinite(value), $"metric {key} (split) = {value}");
        if (TargetIsMostLikely)
        {
            var exact = problem.Evaluate(targets.clone(), targets);
            foreach (var (key, value) in exact)
            {
                Assert.True(!worse.TryGetValue(key, out var w) || value <= w, $"metric {key}: exact {value:G6} > worse {w:G6} (metrics are lower-is-better)");
            }
        }
    }

    private static void Check(ProblemShape shape, string name, TensorDataset set)
    {
        long n = set.Inputs.shape[0];
        long[] inputs = [n, .. shape.InputShape];
        long[] targets = [n, shape.OutputSize];
        Assert.True(set.Inputs.shape.SequenceEqual(inputs), $"{name} inputs are {Text(set.Inputs.shape)}, not {Text(inputs)}");
        Assert.True(set.Targets.shape.SequenceEqual(targets), $"{name} targets are {Text(set.Targets.shape)}, not {Text(targets)} (also for one output: [n, 1], not [n])");
        Assert.True(set.Inputs.dtype == shape.DType && set.Targets.dtype == shape.DType, $"{name} is {set.Inputs.dtype}/{set.Targets.dtype}, not {shape.DType}");
        Assert.True(AllFinite(set.Inputs) && AllFinite(set.Targets), $"{name} has non-finite values");
    }

    private static void Same(string name, TensorDataset a, TensorDataset b)
    {
        Assert.True(Identical(a.Inputs, b.Inputs), $"{name} inputs differ between two problems created with the same seed and options");
        Assert.True(Identical(a.Targets, b.Targets), $"{name} targets differ between two problems created with the same seed and options");
    }
}

/// <summary>The conformance of <typeparamref name="TPlugin"/>, created as the host does (parameterless).</summary>
public abstract class ProblemConformance<TPlugin> : ProblemConformance
    where TPlugin : IProblemPlugin, new()
{
    protected override IPluginFactory<IProblem> Factory { get; } = new TPlugin();
}
