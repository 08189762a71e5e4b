using ScottPlot;
using ScottPlot.TickGenerators;

namespace SparsePlugins.Problems.Darcy.Figures;

/// <summary>
/// A log-scale y axis. ScottPlot 5 has no log axis: the data are plotted as log10 values and the ticks placed at
/// integer powers of ten, labelled with the value they stand for, with log-spaced minor ticks between.
/// </summary>
internal static class LogAxis
{
    /// <summary>
    /// The points of (x, y) a log axis can show, y as log10 y. Non-positive or non-finite values (a diverged epoch,
    /// an exact zero) have no place on a log axis and are left out rather than drawn as -infinity.
    /// </summary>
    public static (double[] X, double[] LogY) Plottable(double[] x, double[] y)
    {
        var kept = Enumerable.Range(0, x.Length).Where(k => double.IsFinite(x[k]) && double.IsFinite(y[k]) && y[k] > 0).ToArray();
        return (kept.Select(k => x[k]).ToArray(), kept.Select(k => Math.Log10(y[k])).ToArray());
    }

    /// <summary>Log ticks on the y axis, which spans whole decades around <paramref name="logYs"/>.</summary>
    public static void UseForY(Plot plot, IEnumerable<double> logYs)
    {
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new LogDecadeMinorTickGenerator(),
            LabelFormatter = exponent => Label(Math.Pow(10, exponent)),
        };
        plot.Grid.YAxisStyle.MinorLineStyle.Width = 1;
        plot.Grid.YAxisStyle.MinorLineStyle.Color = Colors.Black.WithOpacity(0.05);

        // Only integer exponents are labelled, so data within one decade (an error falling from 5 % to 2 %) would
        // show no labelled tick at all; whole-decade limits always put one at each end.
        var all = logYs.ToArray();
        if (all.Length > 0)
        {
            double low = Math.Floor(all.Min()), high = Math.Ceiling(all.Max());
            plot.Axes.SetLimitsY(low, high > low ? high : low + 1);
        }
    }

    /// <summary>Plain numbers from 0.001 to 100 000 (1000, not 1e+03); powers of ten written 1e-4, 1e6 beyond.</summary>
    private static string Label(double value) => value is >= 1e-3 and <= 1e5
        ? value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)
        : "1e" + Math.Round(Math.Log10(value)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
