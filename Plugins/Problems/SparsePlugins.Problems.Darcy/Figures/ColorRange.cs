namespace SparsePlugins.Problems.Darcy.Figures;

/// <summary>
/// The colour scale of one or more heatmaps. Set explicitly rather than left to ScottPlot so that panels can share
/// a scale (truth and prediction), and so that a constant field (e.g. zero vertical velocity) still gets a usable,
/// non-degenerate scale instead of a division by a zero range.
/// </summary>
internal static class ColorRange
{
    public static ScottPlot.Range Of(params double[][] fields)
    {
        var finite = fields.SelectMany(f => f).Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return new ScottPlot.Range(0, 1);
        }

        double low = finite.Min(), high = finite.Max();
        if (high > low)
        {
            return new ScottPlot.Range(low, high);
        }

        var pad = low == 0 ? 1 : 0.5 * Math.Abs(low);
        return new ScottPlot.Range(low - pad, high + pad);
    }
}
