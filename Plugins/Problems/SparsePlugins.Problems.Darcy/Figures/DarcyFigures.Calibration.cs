using ScottPlot;

namespace SparsePlugins.Problems.Darcy.Figures;

public static partial class DarcyFigures
{
    /// <summary>
    /// Observed against nominal coverage of credible intervals, both fractions in [0, 1], with the diagonal that a
    /// calibrated posterior follows: points below it are over-confident, above it under-confident.
    /// </summary>
    /// <returns>The full path written.</returns>
    public static string Calibration(string path, string title, double[] nominal, double[] observed)
    {
        FigureArguments.RequireSameLength(nominal, observed, "calibration (x = nominal, y = observed)");
        FigureArguments.RequireFractions(nominal, nameof(nominal));
        FigureArguments.RequireFractions(observed, nameof(observed));

        var plot = new Plot();
        var ideal = plot.Add.Line(0, 0, 1, 1);
        ideal.LineColor = Colors.Gray;
        ideal.LinePattern = LinePattern.Dashed;
        ideal.LineWidth = 1.5f;
        ideal.LegendText = "calibrated";
        var order = Enumerable.Range(0, nominal.Length).OrderBy(k => nominal[k]).ToArray();
        var points = plot.Add.Scatter(order.Select(k => nominal[k]).ToArray(), order.Select(k => observed[k]).ToArray());
        points.LineWidth = 2;
        points.MarkerSize = 8;
        points.LegendText = "observed";

        plot.Title(title);
        plot.XLabel("nominal coverage");
        plot.YLabel("observed coverage");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Axes.SquareUnits();
        plot.ShowLegend(Alignment.UpperLeft);
        return FigureFile.Write(path, temp => plot.SavePng(temp, 700, 700));
    }
}
