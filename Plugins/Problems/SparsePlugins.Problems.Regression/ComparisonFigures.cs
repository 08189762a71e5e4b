using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// Figures that overlay several runs, as in the paper's Figures 1-2 (b)-(d): posterior densities of b_1 and b_2
/// per method, and the test MSE and MAE histories of every chain. Every series is labelled, and the legend sits right
/// of the data area: it has an entry per chain (ten in the default job), and no corner of the data area is reliably
/// free of traces.
/// </summary>
public static class ComparisonFigures
{
    public const string Posterior = "regression-posterior-b1-b2.png";
    public const string TestMse = "regression-test-mse.png";
    public const string TestMae = "regression-test-mae.png";

    /// <summary>The chains of one run, with the run's legend label and index (its colour).</summary>
    private sealed record RunChains(string Label, int Index, IReadOnlyList<ChainHistory> Chains);

    public static IReadOnlyList<FigureSpec> Describe(IReadOnlyList<RunResult> results, string outputDirectory)
    {
        if (results.Count == 0) return [];
        var labels = Labels(results);
        var posteriors = results.Select(CoefficientPosterior.From).ToList();
        var runs = results.Select((r, i) => new RunChains(labels[i], i, ChainHistory.Read(r.RunDirectory, r.History))).ToList();
        return
        [
            DensityFigure(posteriors, labels, TrueCoefficients(results), Path.Combine(outputDirectory, Posterior)),
            HistoryFigure(runs, "mse", Path.Combine(outputDirectory, TestMse)),
            HistoryFigure(runs, "mae", Path.Combine(outputDirectory, TestMae)),
        ];
    }

    private static FigureSpec DensityFigure(List<CoefficientPosterior> posteriors, string[] labels, double[]? truth, string path)
    {
        var figure = new FigureSpec(path, 900, 550, "Posterior densities of b1 (solid) and b2 (dashed)", "coefficient value", "density")
        {
            LegendOutside = true,
        };
        for (int r = 0; r < posteriors.Count; r++)
        {
            for (int j = 0; j < Math.Min(2, posteriors[r].Count); j++)
            {
                var (x, y) = Density(posteriors[r], j);
                // b1 and b2 of a run share its label, hence one legend entry; the title tells solid from dashed.
                figure.Series.Add(new SeriesSpec(SeriesKind.Line, FigureColors.Run(r), labels[r]) { X = x, Y = y, Width = 2, Dashed = j == 1 });
            }
        }
        for (int j = 0; j < Math.Min(2, truth?.Length ?? 0); j++)
        {
            figure.Series.Add(new SeriesSpec(SeriesKind.VerticalLine, FigureColors.Reference, "true b1, b2") { At = truth![j], Width = 1, Dotted = true });
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

    private static FigureSpec HistoryFigure(IReadOnlyList<RunChains> runs, string metric, string path)
    {
        var name = metric.ToUpperInvariant();
        var series = runs.SelectMany(run => ChainSeries(run, metric)).ToList();
        var values = series.SelectMany(s => s.Y).ToList();
        bool log = HistoryScale.SpansDecades(values);
        return new FigureSpec(path, 900, 550, $"Test {name}: current sample (faint) and model average (bold)", "epoch",
            log ? $"test {name} (log scale)" : "test " + name)
        {
            Series = series,
            LogY = log,
            YMax = log ? null : HistoryScale.Top(values),
            LegendOutside = true,
        };
    }

    /// <summary>A faint current-sample line and a bold model-average line per chain, both under the chain's label.</summary>
    private static IEnumerable<SeriesSpec> ChainSeries(RunChains run, string metric)
    {
        for (int c = 0; c < run.Chains.Count; c++)
        {
            var chain = run.Chains[c];
            var color = FigureColors.Shade(FigureColors.Run(run.Index), c, run.Chains.Count);
            var label = ChainLabel(run, chain);
            if (MetricHistory.Series(chain.Columns, "test_" + metric) is { } s)
            {
                yield return new SeriesSpec(SeriesKind.Line, color, label) { X = s.Epochs, Y = s.Values, Width = 1, Alpha = 0.35 };
            }
            if (MetricHistory.Series(chain.Columns, "bma_test_" + metric) is { } a)
            {
                yield return new SeriesSpec(SeriesKind.Line, color, label) { X = a.Epochs, Y = a.Values, Width = 2 };
            }
        }
    }

    /// <summary>"&lt;run&gt; chain &lt;c&gt;" when a run has several chains; a chain outside the posterior says so.</summary>
    private static string ChainLabel(RunChains run, ChainHistory chain)
    {
        if (run.Chains.Count == 1 || chain.Chain is not { } index) return run.Label;
        return chain.Kept ? $"{run.Label} chain {index}" : $"{run.Label} chain {index} (not in posterior)";
    }

    /// <summary>The method, plus the run name where several runs share a method (test 1 and test 2, seeds).</summary>
    private static string[] Labels(IReadOnlyList<RunResult> results)
    {
        var ambiguous = results.GroupBy(r => r.Method).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return results.Select(r => ambiguous.Contains(r.Method) ? $"{r.Method} ({r.RunName})" : r.Method).ToArray();
    }

    /// <summary>The truth the runs recorded, when all runs share it; RunResult does not carry problem data.</summary>
    private static double[]? TrueCoefficients(IReadOnlyList<RunResult> results)
    {
        var truths = results.Select(r => RunSummaryFile.TrueCoefficients(r.RunDirectory)).ToList();
        if (truths.Any(t => t is null)) return null;
        return truths.All(t => t!.SequenceEqual(truths[0]!)) ? truths[0] : null;
    }
}
