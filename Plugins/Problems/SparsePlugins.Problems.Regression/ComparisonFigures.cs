using System.Text.Json;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// Figures that overlay several runs, as in the paper's Figures 1-2 (b)-(d): posterior densities of b_1 and b_2
/// per method, and the test MSE and MAE histories.
/// </summary>
public static class ComparisonFigures
{
    public const string Posterior = "regression-posterior-b1-b2.png";
    public const string TestMse = "regression-test-mse.png";
    public const string TestMae = "regression-test-mae.png";

    public static IReadOnlyList<FigureSpec> Describe(IReadOnlyList<RunResult> results, string outputDirectory)
    {
        if (results.Count == 0) return [];
        var labels = Labels(results);
        var posteriors = results.Select(CoefficientPosterior.From).ToList();
        return
        [
            DensityFigure(posteriors, labels, TrueCoefficients(results), Path.Combine(outputDirectory, Posterior)),
            HistoryFigure(results, labels, "mse", Path.Combine(outputDirectory, TestMse)),
            HistoryFigure(results, labels, "mae", Path.Combine(outputDirectory, TestMae)),
        ];
    }

    private static FigureSpec DensityFigure(List<CoefficientPosterior> posteriors, string[] labels, double[]? truth, string path)
    {
        var figure = new FigureSpec(path, 900, 550, "Posterior densities of b1 (solid) and b2 (dashed)", "coefficient value", "density");
        for (int r = 0; r < posteriors.Count; r++)
        {
            for (int j = 0; j < Math.Min(2, posteriors[r].Count); j++)
            {
                var (x, y) = Density(posteriors[r], j);
                figure.Series.Add(new SeriesSpec(SeriesKind.Line, FigureColors.Run(r), j == 0 ? labels[r] : "")
                {
                    X = x, Y = y, Width = 2, Dashed = j == 1,
                });
            }
        }
        for (int j = 0; j < Math.Min(2, truth?.Length ?? 0); j++)
        {
            figure.Series.Add(new SeriesSpec(SeriesKind.VerticalLine, FigureColors.Reference, j == 0 ? "true b1, b2" : "")
            {
                At = truth![j], Width = 1, Dotted = true,
            });
        }
        return figure;
    }

    /// <summary>A KDE of the kept samples; a normal curve from mean and sd when no samples were kept.</summary>
    private static (double[] X, double[] Y) Density(CoefficientPosterior posterior, int j)
    {
        double mean = posterior.Mean[j];
        double sd = Math.Max(posterior.Sd[j], 1e-6);
        var samples = posterior.SamplesByCoefficient?[j];
        double bandwidth = samples is not null ? KernelDensity.Bandwidth(samples) : 0;
        bool kde = samples is not null && bandwidth > 0;
        double low = kde ? samples!.Min() - 3 * bandwidth : mean - 4 * sd;
        double high = kde ? samples!.Max() + 3 * bandwidth : mean + 4 * sd;
        var x = Enumerable.Range(0, 300).Select(i => low + (high - low) * i / 299.0).ToArray();
        var y = kde
            ? KernelDensity.Evaluate(samples!, bandwidth, x)
            : x.Select(v => Math.Exp(-0.5 * Math.Pow((v - mean) / sd, 2)) / (sd * Math.Sqrt(2 * Math.PI))).ToArray();
        return (x, y);
    }

    private static FigureSpec HistoryFigure(IReadOnlyList<RunResult> results, string[] labels, string metric, string path)
    {
        var name = metric.ToUpperInvariant();
        var figure = new FigureSpec(path, 900, 550, $"Test {name}: current sample (faint) and model average (bold)", "epoch", "test " + name);
        for (int r = 0; r < results.Count; r++)
        {
            if (MetricHistory.Series(results[r].History, "test_" + metric) is { } s)
            {
                figure.Series.Add(new SeriesSpec(SeriesKind.Line, FigureColors.Run(r)) { X = s.Epochs, Y = s.Values, Width = 1, Alpha = 0.35 });
            }
            if (MetricHistory.Series(results[r].History, "bma_test_" + metric) is { } a)
            {
                figure.Series.Add(new SeriesSpec(SeriesKind.Line, FigureColors.Run(r), labels[r]) { X = a.Epochs, Y = a.Values, Width = 2 });
            }
        }
        return figure with { YMax = HistoryScale.Top(figure.Series.SelectMany(s => s.Y)) };
    }

    /// <summary>The method, plus the run name where several runs share a method (test 1 and test 2, seeds).</summary>
    private static string[] Labels(IReadOnlyList<RunResult> results)
    {
        var ambiguous = results.GroupBy(r => r.Method).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return results.Select(r => ambiguous.Contains(r.Method) ? $"{r.Method} ({r.RunName})" : r.Method).ToArray();
    }

    /// <summary>
    /// The truth each run recorded in its summary.json (written before comparisons), when all runs share it;
    /// RunResult does not carry problem data.
    /// </summary>
    private static double[]? TrueCoefficients(IReadOnlyList<RunResult> results)
    {
        double[]? shared = null;
        foreach (var result in results)
        {
            var path = Path.Combine(result.RunDirectory, "summary.json");
            if (!File.Exists(path)) return null;
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                if (!document.RootElement.TryGetProperty("trueCoefficients", out var element) || element.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }
                var values = element.EnumerateArray().Take(2).Select(e => e.GetDouble()).ToArray();
                if (shared is not null && !shared.SequenceEqual(values)) return null;
                shared = values;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return shared;
    }
}
