namespace SparsePlugins.Host.Training;

/// <summary>
/// The transforms of Vehtari, Gelman, Simpson, Carpenter and Buerkner (2021, "Rank-normalization, folding, and
/// localization: an improved R-hat"), section 4: draws are replaced by normal scores of their ranks over all chains,
/// so that R-hat and ESS work for heavy tails and do not depend on the quantity's scale; folding about the median
/// turns a difference in spread into a difference in location, which R-hat sees.
/// </summary>
public static class RankNormalization
{
    /// <summary>
    /// z = Phi^-1((r - 3/8) / (S + 1/4)), r the rank of each draw among all S draws of all chains, ties given their
    /// average rank (so a constant quantity stays constant and is recognised as such). Same layout as the input.
    /// </summary>
    public static double[][] NormalScores(IReadOnlyList<double[]> chains)
    {
        var all = chains.SelectMany((chain, c) => chain.Select((x, i) => (x, c, i))).OrderBy(d => d.x).ToArray();
        int s = all.Length;
        var result = chains.Select(chain => new double[chain.Length]).ToArray();
        for (int start = 0; start < s;)
        {
            int end = start;
            while (end + 1 < s && all[end + 1].x == all[start].x) end++;
            double rank = (start + end) / 2.0 + 1; // 1-based average rank of the tied block
            double z = InverseNormal((rank - 0.375) / (s + 0.25));
            for (int j = start; j <= end; j++) result[all[j].c][all[j].i] = z;
            start = end + 1;
        }
        return result;
    }

    /// <summary>|x - median of all draws|: the folded draws, whose R-hat compares the chains' spreads (tails).</summary>
    public static double[][] Folded(IReadOnlyList<double[]> chains)
    {
        var sorted = chains.SelectMany(c => c).Order().ToArray();
        if (sorted.Length == 0) return chains.Select(c => c.ToArray()).ToArray();
        int mid = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
        return chains.Select(c => c.Select(x => Math.Abs(x - median)).ToArray()).ToArray();
    }

    /// <summary>
    /// Phi^-1(p) by Acklam's rational approximation (relative error below 1.2e-9): rank normalisation calls it once per
    /// draw per quantity (millions of times for a run's weights), where the bisection of NormalQuantile is too slow.
    /// </summary>
    public static double InverseNormal(double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "A probability strictly between 0 and 1.");
        const double low = 0.02425;
        if (p < low) return Tail(Math.Sqrt(-2 * Math.Log(p)));
        if (p > 1 - low) return -Tail(Math.Sqrt(-2 * Math.Log(1 - p)));
        double q = p - 0.5, r = q * q;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                   + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
             / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                   + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);

        static double Tail(double q) =>
            (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
               - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
            / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                + 3.754408661907416e+00) * q + 1);
    }
}
