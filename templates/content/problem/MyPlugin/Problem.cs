using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace MyPlugin;

public sealed class MyPluginOptions : IValidatableObject
{
    [Description("Training examples n.")]
    [Range(1, 10_000_000)]
    public int Observations { get; set; } = 100;

    [Description("Test examples.")]
    [Range(1, 10_000_000)]
    public int TestObservations { get; set; } = 100;

    [Description("True coefficients b; the number of predictors is their count.")]
    public double[] Coefficients { get; set; } = [3.0, 1.0, 0.0, 0.0, -2.0];

    [Description("Noise variance sigma^2 of y = X b + e.")]
    [Range(1e-9, 1e9)]
    public double NoiseVariance { get; set; } = 1.0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Coefficients.Length == 0) yield return new ValidationResult("Coefficients: give at least one", [nameof(Coefficients)]);
    }
}

[Plugin(PluginKind.Problem, "my-problem", "Synthetic linear regression y = X b + e (template)", OptionsType = typeof(MyPluginOptions))]
public sealed class MyPluginPlugin : ProblemPlugin<MyPluginOptions>
{
    protected override IProblem Create(MyPluginOptions options, PluginContext context) => new MyPluginProblem(options, context);
}

/// <summary>X ~ N(0, I), y = X b + N(0, sigma^2), float64; inputs [n, p], targets [n, 1].</summary>
public sealed class MyPluginProblem : IProblem
{
    private readonly double _noiseVariance;

    public MyPluginProblem(MyPluginOptions options, PluginContext context)
    {
        _noiseVariance = options.NoiseVariance;
        long p = options.Coefficients.Length;
        Shape = new ProblemShape([p], 1, ScalarType.Float64);
        using var generator = new Generator((ulong)context.Seed);
        using var b = tensor(options.Coefficients).reshape(p, 1);
        Train = Make(options.Observations, b, generator, context.Device);
        Test = Make(options.TestObservations, b, generator, context.Device);
    }

    private TensorDataset Make(long n, Tensor b, Generator generator, Device device)
    {
        using var scope = NewDisposeScope();
        var x = randn(new long[] { n, b.shape[0] }, float64, generator: generator);
        var noise = randn(new long[] { n, 1 }, float64, generator: generator).Times(Math.Sqrt(_noiseVariance));
        var y = x.mm(b).Plus(noise);
        return new TensorDataset(x.to(device).MoveToOuterDisposeScope(), y.to(device).MoveToOuterDisposeScope());
    }

    public ProblemShape Shape { get; }

    public TensorDataset Train { get; }

    public TensorDataset Test { get; }

    public double NoiseVariance => _noiseVariance;

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
