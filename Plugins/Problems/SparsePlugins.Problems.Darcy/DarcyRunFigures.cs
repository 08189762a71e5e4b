using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;
using SparsePlugins.Problems.Darcy.Figures;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// The figures of Darcy surrogate runs (paper Figures 5-8 and 10-11): learning curves across runs, and per run the calibration of
/// the ensemble's predictive intervals and true vs predicted velocity magnitudes with the posterior sd.
/// </summary>
public static class DarcyRunFigures
{
    /// <summary>
    /// Test e1 per epoch, one line per finished run of the table's problem under <paramref name="outputDirectory"/>, one
    /// figure per group (KLE size): the model average's once sampling has started, the current sample's before.
    /// </summary>
    public static IReadOnlyList<string> LearningCurves(PaperTable table, string outputDirectory)
    {
        var written = new List<string>();
        var runs = Directory.EnumerateDirectories(outputDirectory).Order(StringComparer.Ordinal)
            .Select(d => (Directory: d, Entry: PaperTableReport.ToEntry(table, d))).Where(x => x.Entry is not null);
        foreach (var group in runs.GroupBy(x => x.Entry!.Group))
        {
            var series = group.Select(x =>
            {
                var history = MetricsHistory.Read(Path.Combine(x.Directory, "metrics.csv"));
                return (x.Entry!.Run, history["epoch"].ToArray(), PaperTableReport.E1Curve(history));
            }).ToList();
            var label = table.GroupLabel(group.Key);
            var path = Path.Combine(outputDirectory, $"learning-curves-{label.ToLowerInvariant()}.png");
            written.Add(DarcyFigures.LearningCurves(path, $"{label}: test e1 of the model average", series, "epoch", "e1 (%)"));
        }
        return written;
    }

    /// <summary>Observed coverage of the central predictive intervals at the documented levels against the nominal.</summary>
    public static string Calibration(RunResult result, PredictiveDistribution test, Tensor targets)
    {
        double[] levels = [0.5, 0.8, 0.9, 0.95];
        var observed = levels.Select(l => test.Coverage(targets, l)).ToArray();
        return DarcyFigures.Calibration(Path.Combine(result.RunDirectory, "calibration.png"),
            $"{result.RunName}: predictive interval coverage (test set)", levels, observed);
    }

    /// <summary>True vs posterior-mean velocity magnitudes with the posterior sd for the given test rows (physical units).</summary>
    public static IReadOnlyList<string> Predictions(RunResult result, PredictiveDistribution test, DarcyGrid grid,
        Func<int, double[]> truth, double[] velocityMean, double velocityScale, params int[] rows)
    {
        var written = new List<string>();
        foreach (var row in rows.Where(r => r < test.Mean.shape[0]))
        {
            using var scope = NewDisposeScope();
            var mean = test.Mean[row].data<double>().ToArray();
            var sd = test.EpistemicVariance[row].sqrt().data<double>().ToArray();
            var physicalMean = mean.Select((m, j) => velocityMean[j] + velocityScale * m).ToArray();
            var physicalSd = sd.Select(s => velocityScale * s).ToArray();
            var path = Path.Combine(result.RunDirectory, $"prediction-test{row}.png");
            written.Add(DarcyFigures.Prediction(path, grid, $"{result.RunName}: test field {row}", truth(row), physicalMean, physicalSd));
        }
        return written;
    }
}
