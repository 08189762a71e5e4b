namespace SparsePlugins.Problems.Regression;

/// <summary>
/// The y range of an error history: the first iterations of a chain started at zero can be hundreds of times worse
/// than the rest and would flatten every curve, so the axis stops just above the 99.5% quantile of the values.
/// </summary>
public static class HistoryScale
{
    public static double? Top(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length < 20) return null;
        double top = Quantile.OfSorted(sorted, 0.995);
        return top < sorted[^1] && top > 0 ? 1.1 * top : null;
    }
}
