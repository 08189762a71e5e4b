using System.Text.Json;
using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// Permeability -> RT0 face velocity, for KLE and channelized fields alike. Inputs are log kappa on the grid, [1, N, N], standardised by the training
/// set's mean and sd; targets are the 2N(N+1) face velocities, centred by the training mean per face and scaled by
/// one overall sd (a per-face sd would divide by zero on the no-flow faces). Metrics e1 and e2 (ERRATA 11) are
/// computed on de-standardised velocities with the RT0 mass matrix.
/// </summary>
public sealed class DarcySurrogateProblem : IProblem, ISurrogateProblem
{
    private readonly DarcyDataset _data;
    private readonly int _trainCount;
    private readonly int _validationCount;
    private readonly double _inputMean;
    private readonly double _inputSd;
    private readonly double[] _velocityMean;
    private readonly double _velocityScale;
    private readonly DarcyBaselines _baselines;
    private readonly string _name;

    /// <param name="settings">The problem's name, likelihood noise and split sizes.</param>
    /// <param name="data">Train, then validation, then test samples.</param>
    /// <param name="source">Where the data came from, for the summary.</param>
    public DarcySurrogateProblem(DarcySurrogateSettings settings, DarcyDataset data, string source, Device? device = null)
    {
        _data = data;
        _name = settings.Problem;
        Source = source;
        NoiseVariance = settings.NoiseVariance;
        int samples = data.Samples, n = data.Grid.N, length = data.Grid.VelocityLength, cells = data.Grid.CellCount;
        int testCount = Math.Min(settings.TestSamples, samples - 1);
        _validationCount = Math.Min(settings.ValidationSamples, samples - testCount - 1);
        _trainCount = samples - testCount - _validationCount;

        var logKappa = new float[(long)samples * cells];
        for (long i = 0; i < logKappa.Length; i++) logKappa[i] = MathF.Log(data.Permeability[i]);
        double inputMean = 0, inputSquares = 0;
        long trainCells = (long)_trainCount * cells;
        for (long i = 0; i < trainCells; i++)
        {
            inputMean += logKappa[i];
            inputSquares += (double)logKappa[i] * logKappa[i];
        }
        inputMean /= trainCells;
        double inputSd = Math.Sqrt(Math.Max(inputSquares / trainCells - inputMean * inputMean, 1e-12));
        for (long i = 0; i < logKappa.Length; i++) logKappa[i] = (float)((logKappa[i] - inputMean) / inputSd);
        (_inputMean, _inputSd) = (inputMean, inputSd);

        _velocityMean = new double[length];
        for (int s = 0; s < _trainCount; s++)
        {
            var u = data.VelocityOf(s);
            for (int j = 0; j < length; j++) _velocityMean[j] += u[j] / _trainCount;
        }
        double squares = 0;
        for (int s = 0; s < _trainCount; s++)
        {
            var u = data.VelocityOf(s);
            for (int j = 0; j < length; j++) squares += (u[j] - _velocityMean[j]) * (u[j] - _velocityMean[j]);
        }
        _velocityScale = Math.Sqrt(Math.Max(squares / ((double)_trainCount * length), 1e-24));
        var targets = new float[(long)samples * length];
        for (int s = 0; s < samples; s++)
        {
            var u = data.VelocityOf(s);
            for (int j = 0; j < length; j++) targets[(long)s * length + j] = (float)((u[j] - _velocityMean[j]) / _velocityScale);
        }

        using var inputs = tensor(logKappa, [samples, 1, n, n], device: device);
        using var outputs = tensor(targets, [samples, length], device: device);
        Train = new TensorDataset(inputs.narrow(0, 0, _trainCount).clone(), outputs.narrow(0, 0, _trainCount).clone());
        if (_validationCount > 0)
        {
            Validation = new TensorDataset(inputs.narrow(0, _trainCount, _validationCount).clone(),
                outputs.narrow(0, _trainCount, _validationCount).clone());
        }
        TestStart = _trainCount + _validationCount;
        Test = new TensorDataset(inputs.narrow(0, TestStart, testCount).clone(), outputs.narrow(0, TestStart, testCount).clone());
        Shape = new ProblemShape([1, n, n], length, ScalarType.Float32);
        _baselines = DarcyBaselines.Compute(data, _trainCount, TestStart);
    }

    /// <summary>Where the data came from (cache path or the given file).</summary>
    public string Source { get; }

    public ProblemShape Shape { get; }

    public TensorDataset Train { get; }

    public TensorDataset Test { get; }

    public TensorDataset? Validation { get; }

    /// <summary>Index of the first test sample in the data set (train, then validation, then test).</summary>
    public int TestStart { get; }

    /// <summary>
    /// What <c>predict</c> needs besides the networks: inputs are (log kappa - input_mean) / input_sd, outputs
    /// velocity_mean + velocity_scale * network output; n is the grid size.
    /// </summary>
    public IReadOnlyDictionary<string, double[]> SurrogateState => new Dictionary<string, double[]>
    {
        ["n"] = [_data.Grid.N],
        ["input_mean"] = [_inputMean],
        ["input_sd"] = [_inputSd],
        ["velocity_mean"] = _velocityMean,
        ["velocity_scale"] = [_velocityScale],
    };

    public double NoiseVariance { get; }

    public Tensor NegativeLogLikelihood(Tensor prediction, Tensor target, double noiseVariance)
    {
        // Scoped Scalars: implicit conversions may be finalised while libtorch still uses them.
        using var twiceVariance = (2 * noiseVariance).ToScalar();
        using var constant = (0.5 * prediction.numel() * Math.Log(2 * Math.PI * noiseVariance)).ToScalar();
        using var one = 1.0.ToScalar();
        return prediction.sub(target).Squared().sum().div(twiceVariance).add(constant, one);
    }

    public IReadOnlyDictionary<string, double> Evaluate(Tensor prediction, Tensor target) => Evaluate(prediction, target, DataSplit.Test);

    public IReadOnlyDictionary<string, double> Evaluate(Tensor prediction, Tensor target, DataSplit split)
    {
        using var scope = NewDisposeScope();
        var errors = Errors(prediction, split);
        return new Dictionary<string, double>
        {
            ["e1"] = 100 * errors.E1,
            ["e2"] = 100 * errors.E2,
            ["mse"] = prediction.detach().sub(target).Squared().mean().ReadDouble(),
        };
    }

    /// <summary>
    /// Mean relative errors over the rows, which must be the whole split in order: e2 needs each row's permeability,
    /// and the exact velocities come from the data set rather than from the standardised targets.
    /// </summary>
    private VelocityErrors Errors(Tensor prediction, DataSplit split)
    {
        long rows = prediction.shape[0];
        var (first, count) = split switch
        {
            DataSplit.Validation => (_trainCount, _validationCount),
            DataSplit.Train => (0, _trainCount),
            _ => (TestStart, (int)Test.Count),
        };
        if (rows != count)
        {
            throw new ArgumentException($"{_name} evaluates whole splits ({split}: {count} rows), got {rows}.");
        }
        var grid = _data.Grid;
        int length = grid.VelocityLength, cells = grid.CellCount;
        var flat = TensorMath.ToDoubles(prediction);
        var velocity = new double[length];
        var kappa = new double[cells];
        double e1 = 0, e2 = 0;
        for (int r = 0; r < rows; r++)
        {
            int sample = first + r;
            for (int j = 0; j < length; j++) velocity[j] = _velocityMean[j] + _velocityScale * flat[(long)r * length + j];
            var k = _data.PermeabilityOf(sample);
            for (int c = 0; c < cells; c++) kappa[c] = k[c];
            var errors = VelocityNorms.RelativeErrors(grid, velocity, _data.VelocityOf(sample), kappa);
            e1 += errors.E1;
            e2 += errors.E2;
        }
        return new VelocityErrors(e1 / rows, e2 / rows);
    }

    public ProblemReport Report(RunResult result)
    {
        var summary = new Dictionary<string, object?>
        {
            ["dataset"] = Source,
            ["trainSamples"] = _trainCount,
            ["validationSamples"] = _validationCount,
            ["testSamples"] = Test.Count,
            ["baselines"] = _baselines.ToJson(),
        };
        var comparison = new Dictionary<string, string>
        {
            ["baseline_mean_e1"] = (100 * _baselines.TrainingMean.E1).ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
            ["baseline_linear_e1"] = (100 * _baselines.Linear.E1).ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (result.AveragePrediction is { } average)
        {
            using var scope = NewDisposeScope();
            var errors = Errors(average, DataSplit.Test);
            summary["bmaTest"] = new { e1 = 100 * errors.E1, e2 = 100 * errors.E2 };
        }
        if (result.TestPredictive is { } predictive)
        {
            using var scope = NewDisposeScope();
            var errors = Errors(predictive.Mean, DataSplit.Test);
            summary["ensembleTest"] = new { e1 = 100 * errors.E1, e2 = 100 * errors.E2 };
            summary["figures"] = Figures(result, predictive);
        }
        // Tables 1 and 2 (PaperTableReport) read each run's baselines from here once all runs are done.
        File.WriteAllText(Path.Combine(result.RunDirectory, "baselines.json"),
            JsonSerializer.Serialize(summary["baselines"], new JsonSerializerOptions { WriteIndented = true }));
        return new ProblemReport(summary, comparison);
    }

    /// <summary>Calibration and two test fields' predictions; a figure that fails is reported, not fatal.</summary>
    private List<string> Figures(RunResult result, PredictiveDistribution predictive)
    {
        var written = new List<string>();
        try
        {
            written.Add(DarcyRunFigures.Calibration(result, predictive, Test.Targets));
            written.AddRange(DarcyRunFigures.Predictions(result, predictive, _data.Grid,
                row => _data.VelocityOf(TestStart + row).ToArray(), _velocityMean, _velocityScale, 0, 1));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            written.Add($"figure failed: {e.Message}");
        }
        return written;
    }

    public void Dispose()
    {
        Train.Inputs.Dispose();
        Train.Targets.Dispose();
        Test.Inputs.Dispose();
        Test.Targets.Dispose();
        Validation?.Inputs.Dispose();
        Validation?.Targets.Dispose();
    }
}
