namespace SparsePlugins.Host.Training;

/// <summary>
/// Multi-start mode selection: a stochastic-approximation chain can settle in a minor mode (a spike holding a weight
/// the data need, for example) that it never leaves. Restarted EM keeps the run with the best objective; here the
/// objective is the chain's mean log joint density over its collected samples, and every chain within a tolerance
/// of the best is kept, so chains that agree are all used.
/// </summary>
public static class ChainSelector
{
    /// <summary>Indices of the chains to keep: finite mean log joint at least best - tolerance; all when none is finite.</summary>
    public static IReadOnlyList<int> Keep(IReadOnlyList<double> meanLogJoint, double tolerance)
    {
        var finite = meanLogJoint.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return Enumerable.Range(0, meanLogJoint.Count).ToList();
        double best = finite.Max();
        return Enumerable.Range(0, meanLogJoint.Count)
            .Where(i => double.IsFinite(meanLogJoint[i]) && meanLogJoint[i] >= best - tolerance).ToList();
    }

    /// <summary>Mean of a chain's log joint trace; NaN when it has none or the prior reported no density.</summary>
    public static double Mean(IReadOnlyList<double> trace) => trace.Count == 0 ? double.NaN : trace.Average();
}
