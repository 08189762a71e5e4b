using ScottPlot;
using SparsePlugins.Problems.Darcy.Figures;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// Draws <see cref="FigureSpec"/>s with ScottPlot. ScottPlot needs SkiaSharp 3 while TorchSharp brings SkiaSharp 2
/// into the host; the host's plugin load context gives this plugin its own, newer copy.
/// </summary>
public static class FigureRenderer
{
    public static RenderResult Render(IReadOnlyList<FigureSpec> figures)
    {
        var result = new RenderResult { Warning = FontCheck.Warning };
        foreach (var figure in figures)
        {
            try
            {
                Draw(figure).SavePng(figure.Path, figure.Width, figure.Height);
                result.Written.Add(figure.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                result.Errors.Add($"{figure.Path}: {e.Message}");
            }
        }
        return result;
    }

    private static Plot Draw(FigureSpec figure)
    {
        var plot = new Plot();
        var owners = LegendOwners(figure.Series);
        for (int i = 0; i < figure.Series.Count; i++)
        {
            Add(plot, figure.Series[i], figure.LogY).LegendText = owners.Contains(i) ? figure.Series[i].Label : "";
        }
        plot.Title(figure.Title);
        plot.XLabel(figure.XLabel);
        plot.YLabel(figure.YLabel);
        if (owners.Count > 0 && figure.LegendOutside) plot.ShowLegend(Edge.Right);
        else if (owners.Count > 0) plot.ShowLegend(Alignment.UpperRight);
        if (figure.LogY) LogAxis.UseForY(plot, figure.Series.SelectMany(s => LogAxis.Plottable(s.X, s.Y).LogY));
        else if (figure.YMax is { } top) LimitY(plot, figure, top);
        return plot;
    }

    /// <summary>
    /// The index of the series that carries each distinct label into the legend: the widest, so a chain's entry shows
    /// its bold model-average line rather than its faint current-sample one.
    /// </summary>
    private static HashSet<int> LegendOwners(List<SeriesSpec> series) =>
        Enumerable.Range(0, series.Count)
            .Where(i => series[i].Label.Length > 0)
            .GroupBy(i => series[i].Label, StringComparer.Ordinal)
            .Select(g => g.MaxBy(i => series[i].Width))
            .ToHashSet();

    private static IHasLegendText Add(Plot plot, SeriesSpec s, bool log)
    {
        var color = Color.FromHex(s.Color).WithAlpha(s.Alpha);
        var pattern = s.Dashed ? LinePattern.Dashed : s.Dotted ? LinePattern.Dotted : LinePattern.Solid;
        if (log && s.Kind is not (SeriesKind.Line or SeriesKind.Points or SeriesKind.VerticalLine))
        {
            throw new ArgumentException($"a {s.Kind} series cannot be drawn on a log axis");
        }
        var (x, y) = log ? LogAxis.Plottable(s.X, s.Y) : (s.X, s.Y);
        switch (s.Kind)
        {
            case SeriesKind.Line:
                var line = plot.Add.ScatterLine(x, y, color);
                line.LineWidth = (float)s.Width;
                line.LinePattern = pattern;
                return line;
            case SeriesKind.Points:
                var points = plot.Add.ScatterPoints(x, y, color);
                points.MarkerSize = (float)s.MarkerSize;
                if (s.Cross) points.MarkerShape = MarkerShape.Cross;
                return points;
            case SeriesKind.Interval:
                return Interval(plot, s, color);
            case SeriesKind.VerticalLine:
                return plot.Add.VerticalLine(s.At, (float)s.Width, color, pattern);
            case SeriesKind.HorizontalLine:
                return plot.Add.HorizontalLine(s.At, (float)s.Width, color, pattern);
            default:
                throw new ArgumentException($"unknown series kind {s.Kind}");
        }
    }

    private static IHasLegendText Interval(Plot plot, SeriesSpec s, Color color)
    {
        var bars = plot.Add.ErrorBar(s.X, s.Y, s.Y.Select(_ => 0.0).ToArray());
        bars.YErrorNegative = s.Y.Zip(s.Low, (m, l) => m - l).ToArray();
        bars.YErrorPositive = s.High.Zip(s.Y, (h, m) => h - m).ToArray();
        bars.Color = color;
        bars.LineWidth = (float)s.Width;
        return bars;
    }

    private static void LimitY(Plot plot, FigureSpec figure, double top)
    {
        var low = figure.Series.SelectMany(s => s.Y).Where(double.IsFinite).DefaultIfEmpty(0).Min();
        plot.Axes.SetLimitsY(low - 0.03 * (top - low), top);
    }
}
