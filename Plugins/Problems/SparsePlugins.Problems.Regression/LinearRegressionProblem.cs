using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Problems.Regression;

[Plugin(PluginKind.Problem, "linear-regression", "Small-n-large-p linear regression (paper Section 6.1), synthetic or from CSV",
    OptionsType = typeof(LinearRegressionOptions))]
public sealed class LinearRegressionPlugin : ProblemPlugin<LinearRegressionOptions>
{
    protected override IProblem Create(LinearRegressionOptions options, PluginContext context)
    {
        var (x, y) = SyntheticRegressionData.Draw(options, options.Observations, options.DataSeed);
        var (xt, yt) = SyntheticRegressionData.Draw(options, options.TestObservations, options.TestSeed);
        return new LinearRegressionProblem(options, x, y, xt, yt, SyntheticRegressionData.TrueCoefficients(options));
    }
}

/// <summary>Gaussian likelihood y ~ N(X b, sigma^2) on float64 data.</summary>
public sealed class LinearRegressionProblem : IProblem
{
    private readonly LinearRegressionOptions _options;

    public LinearRegressionProblem(LinearRegressionOptions options, double[,] x, double[] y, double[,] xt, double[] yt,
        double[]? trueCoefficients)
    {
        _options = options;
        Train = new TensorDataset(tensor(x), tensor(y).unsqueeze(1));
        Test = new TensorDataset(tensor(xt), tensor(yt).unsqueeze(1));
        Shape = new ProblemShape([x.GetLength(1)], 1, ScalarType.Float64);
        TrueCoefficients = trueCoefficients;
    }

    public ProblemShape Shape { get; }

    public TensorDataset Train { get; }

    public TensorDataset Test { get; }

    /// <summary>Known only for synthetic data.</summary>
    public double[]? TrueCoefficients { get; }

    public double NoiseVariance => _options.NoiseVariance;

    public Tensor NegativeLogLikelihood(Tensor prediction, Tensor target, double noiseVariance)
    {
        var n = prediction.shape[0];
        return prediction.sub(target).square().sum().div(2 * noiseVariance)
            .add(0.5 * n * Math.Log(2 * Math.PI * noiseVariance));
    }

    public IReadOnlyDictionary<string, double> Evaluate(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        var error = prediction.detach().sub(target);
        return new Dictionary<string, double>
        {
            ["mse"] = error.square().mean().item<double>(),
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
