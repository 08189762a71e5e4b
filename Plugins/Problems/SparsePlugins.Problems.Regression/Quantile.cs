namespace SparsePlugins.Problems.Regression;

/// <summary>Sample quantiles with linear interpolation between order statistics (R's type 7, NumPy's default).</summary>
public static class Quantile
{
    public static double OfSorted(IReadOnlyList<double> sorted, double probability)
    {
        if (sorted.Count == 0) return double.NaN;
        double h = (sorted.Count - 1) * probability;
        int below = (int)Math.Floor(h);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
