using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// One run's figures, as in the paper's Figures 1-2 (a), (c), (d): posterior means with 95% intervals against the
/// truth, and the test MSE and MAE per epoch.
/// </summary>
public static class RegressionFigures
{
    public const string Coefficients = "coefficients.png";
    public const string TestMse = "test-mse.png";
    public const string TestMae = "test-mae.png";

    public static IReadOnlyList<FigureSpec> Describe(CoefficientPosterior posterior, RunResult result, double[]? truth)
    {
        var figures = new List<FigureSpec> { CoefficientFigure(posterior, result, truth) };
        foreach (var (metric, file) in new[] { ("mse", TestMse), ("mae", TestMae) })
        {
            if (HistoryFigure(result, metric, Path.Combine(result.RunDirectory, file)) is { } figure) figures.Add(figure);
        }
        return figures;
    }

    private static FigureSpec CoefficientFigure(CoefficientPosterior posterior, RunResult result, double[]? truth)
    {
        var index = Enumerable.Range(1, posterior.Count).Select(j => (double)j).ToArray();
        var figure = new FigureSpec(Path.Combine(result.RunDirectory, Coefficients), 1000, 500,
            truth is null ? $"{Label(result)}: posterior mean and 95% interval"
                          : $"{Label(result)}: posterior mean vs true coefficients",
            "coefficient index j", "b_j");
        figure.Series.Add(new SeriesSpec(SeriesKind.HorizontalLine, FigureColors.Neutral) { At = 0, Width = 1, Dotted = true });
        figure.Series.Add(new SeriesSpec(SeriesKind.Interval, FigureColors.Mean, "95% credible interval")
        {
            X = index, Y = posterior.Mean, Low = posterior.Lower, High = posterior.Upper, Width = 1, Alpha = 0.6,
        });
        figure.Series.Add(new SeriesSpec(SeriesKind.Points, FigureColors.Mean, "posterior mean") { X = index, Y = posterior.Mean });
        if (truth is not null)
        {
            // Crosses on the ~200 zero coefficients would paint over the intervals there; the legend says so.
            var nonzero = Enumerable.Range(0, truth.Length).Where(j => truth[j] != 0).ToArray();
            figure.Series.Add(new SeriesSpec(SeriesKind.Points, FigureColors.Truth, "true coefficient (all others 0)")
            {
                X = nonzero.Select(j => index[j]).ToArray(), Y = nonzero.Select(j => truth[j]).ToArray(), Cross = true, MarkerSize = 14,
            });
        }
        return figure;
    }

    private static FigureSpec? HistoryFigure(RunResult result, string metric, string path)
    {
        var current = MetricHistory.Series(result.History, "test_" + metric);
        var average = MetricHistory.Series(result.History, "bma_test_" + metric);
        if (current is null && average is null) return null;
        var name = metric.ToUpperInvariant();
        var values = (current?.Values ?? []).Concat(average?.Values ?? []);
        var figure = new FigureSpec(path, 800, 500, $"{Label(result)}: test {name}", "epoch", "test " + name)
        {
            YMax = HistoryScale.Top(values),
        };
        if (current is { } c)
        {
            figure.Series.Add(new SeriesSpec(SeriesKind.Line, FigureColors.Neutral, "current sample") { X = c.Epochs, Y = c.Values, Width = 1 });
        }
        if (average is { } a)
        {
            figure.Series.Add(new SeriesSpec(SeriesKind.Line, FigureColors.Mean, "model average (after burn-in)")
            {
                X = a.Epochs, Y = a.Values, Width = 2,
            });
        }
        return figure;
    }

    private static string Label(RunResult result) =>
        string.Equals(result.Method, result.RunName, StringComparison.Ordinal) ? result.Method : $"{result.Method} ({result.RunName})";
}
