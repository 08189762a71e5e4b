using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Problems.Regression;

/// <summary>Gaussian likelihood y ~ N(X b, sigma^2) on float64 data.</summary>
public sealed class LinearRegressionProblem : IProblem
{
    private readonly LinearRegressionOptions _options;
    private readonly ILogger _logger;
    private readonly double[,] _trainX;
    private readonly double[] _trainY;
    private readonly double[] _testY;

    public LinearRegressionProblem(LinearRegressionOptions options, double[,] x, double[] y, double[,] xt, double[] yt,
        double[]? trueCoefficients, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _trainX = x;
        _trainY = y;
        _testY = yt;
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

    public ProblemReport Report(RunResult result)
    {
        var posterior = CoefficientPosterior.From(result);
        var figures = FigureOutput.Render(RegressionFigures.Describe(posterior, result, TrueCoefficients), _logger);
        return RegressionReport.Build(posterior, result, _trainX, _trainY, _testY, TrueCoefficients, figures.Select(Path.GetFileName).ToList()!);
    }

    public void Dispose()
    {
        Train.Inputs.Dispose();
        Train.Targets.Dispose();
        Test.Inputs.Dispose();
        Test.Targets.Dispose();
    }
}
