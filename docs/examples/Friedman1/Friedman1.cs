using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Friedman1;

public sealed class Friedman1Options : IValidatableObject
{
    [Description("Training examples n."), Range(1, 10_000_000)] public int Observations { get; set; } = 200;
    [Description("Test examples."), Range(1, 10_000_000)] public int TestObservations { get; set; } = 200;
    [Description("Inputs p (at least 5; only the first five matter)."), Range(5, 100_000)] public int Features { get; set; } = 10;
    [Description("Noise variance sigma^2."), Range(1e-9, 1e9)] public double NoiseVariance { get; set; } = 1.0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TestObservations > 10 * Observations)
            yield return new ValidationResult("TestObservations: at most 10 x Observations", [nameof(TestObservations)]);
    }
}

[Plugin(PluginKind.Problem, "friedman1", "Friedman #1 regression: y = 10 sin(pi x1 x2) + 20 (x3 - 1/2)^2 + 10 x4 + 5 x5 + e, x ~ U[0,1]^p",
    OptionsType = typeof(Friedman1Options))]
public sealed class Friedman1Plugin : ProblemPlugin<Friedman1Options>
{
    protected override IProblem Create(Friedman1Options options, PluginContext context) => new Friedman1Problem(options, context);
}

/// <summary>Friedman (1991) #1, drawn from the run's seed; float64 inputs [n, p] and targets [n, 1].</summary>
public sealed class Friedman1Problem : IProblem
{
    public Friedman1Problem(Friedman1Options options, PluginContext context)
    {
        NoiseVariance = options.NoiseVariance;
        Shape = new ProblemShape([options.Features], 1, ScalarType.Float64);
        using var generator = new Generator((ulong)context.Seed);
        Train = Make(options.Observations, options.Features, generator, context.Device);
        Test = Make(options.TestObservations, options.Features, generator, context.Device);
    }

    private TensorDataset Make(long n, long p, Generator generator, Device device)
    {
        using var scope = NewDisposeScope();
        var x = rand(new long[] { n, p }, float64, generator: generator);
        var c = x.unbind(1);
        var y = sin(c[0].mul(c[1]).Times(Math.PI)).Times(10)
            .Plus(c[2].Minus(0.5).Squared().Times(20))
            .Plus(c[3].Times(10))
            .Plus(c[4].Times(5))
            .Plus(randn(new long[] { n }, float64, generator: generator).Times(Math.Sqrt(NoiseVariance)))
            .unsqueeze(1);
        return new TensorDataset(x.to(device).MoveToOuterDisposeScope(), y.to(device).MoveToOuterDisposeScope());
    }

    public ProblemShape Shape { get; }

    public TensorDataset Train { get; }

    public TensorDataset Test { get; }

    public double NoiseVariance { get; }

    /// <summary>The full Gaussian -log likelihood: sum (y - f)^2 / (2 sigma^2) + n log(2 pi sigma^2) / 2.</summary>
    public Tensor NegativeLogLikelihood(Tensor prediction, Tensor target, double noiseVariance)
    {
        using var scope = NewDisposeScope();
        double constant = target.shape[0] * target.shape[1] * 0.5 * Math.Log(2 * Math.PI * noiseVariance);
        return prediction.sub(target).Squared().sum().DividedBy(2 * noiseVariance).Plus(constant).MoveToOuterDisposeScope();
    }

    public IReadOnlyDictionary<string, double> Evaluate(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        var error = prediction.sub(target);
        return new Dictionary<string, double>
        {
            ["mse"] = error.Squared().mean().item<double>(),
            ["mae"] = error.abs().mean().item<double>(),
        };
    }

    public ProblemReport Report(RunResult result) => ProblemReport.Empty;

    public void Dispose()
    {
        Train.Inputs.Dispose();
        Train.Targets.Dispose();
        Test.Inputs.Dispose();
        Test.Targets.Dispose();
    }
}
