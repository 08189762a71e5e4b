using ScottPlot;

namespace SparsePlugins.Problems.Darcy.Figures;

public static partial class DarcyFigures
{
    /// <summary>
    /// One line per series on a log-scale y axis with a legend, e.g. test error against epochs for several runs.
    /// Points with y &lt;= 0 or non-finite values are left out (a log axis cannot show them).
    /// </summary>
    /// <returns>The full path written.</returns>
    public static string LearningCurves(string path, string title, IReadOnlyList<(string Label, double[] X, double[] Y)> series,
        string xLabel, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("There are no series to draw.", nameof(series));
        }

        foreach (var s in series)
        {
            FigureArguments.RequireSameLength(s.X, s.Y, $"series '{s.Label}'");
        }

        var plot = new Plot();
        var shown = new List<double>();
        foreach (var (label, x, y) in series)
        {
            var (xs, logYs) = LogAxis.Plottable(x, y);
            var line = plot.Add.ScatterLine(xs, logYs);
            line.LineWidth = 2;
            line.LegendText = label;
            shown.AddRange(logYs);
        }

        LogAxis.UseForY(plot, shown);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return FigureFile.Write(path, temp => plot.SavePng(temp, 900, 600));
    }
}
