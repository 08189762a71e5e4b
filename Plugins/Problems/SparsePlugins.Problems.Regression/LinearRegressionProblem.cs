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
        double[]? trueCoefficients, ILogger logger, Device? device = null)
    {
        _options = options;
        _logger = logger;
        _trainX = x;
        _trainY = y;
        _testY = yt;
        Train = new TensorDataset(tensor(x, device: device), tensor(y, device: device).unsqueeze(1));
        Test = new TensorDataset(tensor(xt, device: device), tensor(yt, device: device).unsqueeze(1));
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
        // Scoped Scalars: implicit conversions may be finalised while libtorch still reads them.
        using var twiceVariance = (2 * noiseVariance).ToScalar();
        using var constant = (0.5 * n * Math.Log(2 * Math.PI * noiseVariance)).ToScalar();
        using var one = 1.0.ToScalar();
        return prediction.sub(target).Squared().sum().div(twiceVariance).add(constant, one);
    }

    public IReadOnlyDictionary<string, double> Evaluate(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        var error = prediction.detach().sub(target);
        return new Dictionary<string, double>
        {
            ["mse"] = error.Squared().mean().item<double>(),
            ["mae"] = error.abs().mean().item<double>(),
        };
    }

    public ProblemReport Report(RunResult result)
    {
        var posterior = CoefficientPosterior.From(result);
        // A network other than `linear` has no one-to-one coefficients to hold against the truth.
        var truth = TrueCoefficients?.Length == posterior.Count ? TrueCoefficients : null;
        if (TrueCoefficients is not null && truth is null)
        {
            _logger.LogWarning("Run {Run}: the network's first parameter has {Count} entries, not the {P} coefficients of y = X b; " +
                "metrics that need the true coefficients are left out. Use the 'linear' network.", result.RunName, posterior.Count, TrueCoefficients.Length);
        }
        var figures = FigureOutput.Render(RegressionFigures.Describe(posterior, result, truth), _logger);
        return RegressionReport.Build(posterior, result, _trainX, _trainY, _testY, truth, figures.Select(Path.GetFileName).ToList()!);
    }

    public void Dispose()
    {
        Train.Inputs.Dispose();
        Train.Targets.Dispose();
        Test.Inputs.Dispose();
        Test.Targets.Dispose();
    }
}
