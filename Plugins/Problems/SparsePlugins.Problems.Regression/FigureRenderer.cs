using ScottPlot;

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
        bool legend = false;
        foreach (var s in figure.Series)
        {
            var color = Color.FromHex(s.Color).WithAlpha(s.Alpha);
            var pattern = s.Dashed ? LinePattern.Dashed : s.Dotted ? LinePattern.Dotted : LinePattern.Solid;
            IHasLegendText labelled;
            switch (s.Kind)
            {
                case SeriesKind.Line:
                    var line = plot.Add.ScatterLine(s.X, s.Y, color);
                    line.LineWidth = (float)s.Width;
                    line.LinePattern = pattern;
                    labelled = line;
                    break;
                case SeriesKind.Points:
                    var points = plot.Add.ScatterPoints(s.X, s.Y, color);
                    points.MarkerSize = (float)s.MarkerSize;
                    if (s.Cross) points.MarkerShape = MarkerShape.Cross;
                    labelled = points;
                    break;
                case SeriesKind.Interval:
                    var bars = plot.Add.ErrorBar(s.X, s.Y, s.Y.Select(_ => 0.0).ToArray());
                    bars.YErrorNegative = s.Y.Zip(s.Low, (m, l) => m - l).ToArray();
                    bars.YErrorPositive = s.High.Zip(s.Y, (h, m) => h - m).ToArray();
                    bars.Color = color;
                    bars.LineWidth = (float)s.Width;
                    labelled = bars;
                    break;
                case SeriesKind.VerticalLine:
                    labelled = plot.Add.VerticalLine(s.At, (float)s.Width, color, pattern);
                    break;
                case SeriesKind.HorizontalLine:
                    labelled = plot.Add.HorizontalLine(s.At, (float)s.Width, color, pattern);
                    break;
                default:
                    throw new ArgumentException($"unknown series kind {s.Kind}");
            }
            labelled.LegendText = s.Label;
            legend |= s.Label.Length > 0;
        }
        plot.Title(figure.Title);
        plot.XLabel(figure.XLabel);
        plot.YLabel(figure.YLabel);
        if (legend) plot.ShowLegend(Alignment.UpperRight);
        if (figure.YMax is { } top)
        {
            var low = figure.Series.SelectMany(s => s.Y).Where(double.IsFinite).DefaultIfEmpty(0).Min();
            plot.Axes.SetLimitsY(low - 0.03 * (top - low), top);
        }
        return plot;
    }
}
