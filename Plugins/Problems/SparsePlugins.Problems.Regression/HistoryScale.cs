namespace SparsePlugins.Problems.Regression;

/// <summary>
/// The y range of an error history: the first iterations of a chain started at zero can be hundreds of times worse
/// than the rest and would flatten every curve, so a linear axis stops just above the 99.5% quantile of the values.
/// Across runs the final errors themselves differ tenfold (the SA methods' test MSE ~3 against ~30-100), which no
/// linear range shows both of: such figures take a log axis, which also has room for the first iterations.
/// </summary>
public static class HistoryScale
{
    /// <summary>More than a factor of ten between the smallest and largest finite value, all positive.</summary>
    public static bool SpansDecades(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length > 0 && finite.Min() > 0 && finite.Max() > 10 * finite.Min();
    }

    public static double? Top(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length < 20) return null;
        double top = Quantile.OfSorted(sorted, 0.995);
        return top < sorted[^1] && top > 0 ? 1.1 * top : null;
    }
}
