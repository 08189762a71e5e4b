namespace SparsePlugins.Host.Training;

/// <summary>
/// R-hat and effective sample size for scalar chains (Gelman et al., BDA3 ch. 11; Vehtari et al. 2021). Each chain is
/// cut in halves, so a single chain still reveals drift; chains of unequal length contribute their last draws.
/// <see cref="RHat"/> and <see cref="BulkEffectiveSampleSize"/> are the rank-normalised versions the warnings use;
/// <see cref="SplitRHat"/> and <see cref="EffectiveSampleSize"/> are the classic ones on the raw draws.
/// </summary>
public static class ConvergenceDiagnostics
{
    /// <summary>
    /// Rank-normalised split R-hat (Vehtari et al. 2021, eq. 4.2 and 4.3): the larger of the bulk R-hat (split R-hat of
    /// the normal scores) and the tail R-hat (the same of the draws folded about their median). NaN when there are
    /// fewer than two draws per half or the quantity is constant (nothing to diagnose).
    /// </summary>
    public static double RHat(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var halves = Split(chains);
        if (halves.Count < 2 || halves[0].Length < 2) return double.NaN;
        double bulk = ClassicRHat(RankNormalization.NormalScores(halves));
        double tail = ClassicRHat(RankNormalization.NormalScores(RankNormalization.Folded(halves)));
        return double.IsNaN(tail) ? bulk : Math.Max(bulk, tail);
    }

    /// <summary>Bulk ESS (Vehtari et al. 2021, section 4.3): the ESS of the normal scores of the split chains.</summary>
    public static double BulkEffectiveSampleSize(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var halves = Split(chains);
        if (halves.Count == 0 || halves[0].Length < 4) return double.NaN;
        return Ess(RankNormalization.NormalScores(halves));
    }

    /// <summary>Classic split R-hat on the raw draws. NaN if too short.</summary>
    public static double SplitRHat(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var halves = Split(chains);
        if (halves.Count < 2 || halves[0].Length < 2) return double.NaN;
        var r = ClassicRHat(halves);
        return double.IsNaN(r) ? 1.0 : r; // a constant quantity: the chains agree exactly
    }

    /// <summary>Effective sample size of the raw draws over all chains (split).</summary>
    public static double EffectiveSampleSize(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var halves = Split(chains);
        if (halves.Count == 0 || halves[0].Length < 4) return double.NaN;
        var ess = Ess(halves);
        return double.IsNaN(ess) ? halves.Count * halves[0].Length : ess;
    }

    /// <summary>sqrt(var+ / W), var+ = (n - 1)/n W + B/n. NaN for a constant quantity; infinite when every half is
    /// constant but the halves differ (chains stuck at different values).</summary>
    private static double ClassicRHat(IReadOnlyList<double[]> halves)
    {
        int m = halves.Count, n = halves[0].Length;
        var means = halves.Select(h => h.Average()).ToArray();
        double grand = means.Average();
        double b = n * means.Sum(x => (x - grand) * (x - grand)) / (m - 1);
        // Constant halves are tested exactly: their mean can differ from the value by an ulp, which would make W tiny, not 0.
        if (halves.All(h => h.All(x => x == h[0]))) return halves.All(h => h[0] == halves[0][0]) ? double.NaN : double.PositiveInfinity;
        double w = halves.Select((h, i) => h.Sum(x => (x - means[i]) * (x - means[i])) / (n - 1)).Average();
        double varPlus = (n - 1.0) / n * w + b / n;
        return Math.Sqrt(varPlus / w);
    }

    /// <summary>
    /// S / tau with the multi-chain autocorrelation rho_t = 1 - (W - mean acov_t) / var+ and Geyer's initial positive
    /// and initial monotone sequences, as in Stan and the posterior R package (Vehtari et al. 2021, section 3.2);
    /// tau is at least 1 / log10(S), which caps ESS of antithetic chains. NaN for a constant quantity.
    /// </summary>
    private static double Ess(IReadOnlyList<double[]> halves)
    {
        int m = halves.Count, n = halves[0].Length;
        var acov = halves.Select(Autocovariance.Of).ToArray();
        double meanVar = acov.Average(a => a[0]) * n / (n - 1.0);
        double varPlus = meanVar * (n - 1.0) / n;
        if (m > 1)
        {
            var means = halves.Select(h => h.Average()).ToArray();
            double grand = means.Average();
            varPlus += means.Sum(x => (x - grand) * (x - grand)) / (m - 1);
        }
        if (!(varPlus > 0)) return double.NaN;
        double Rho(int t) => 1 - (meanVar - acov.Average(a => a[t])) / varPlus;

        var rho = new double[n];
        rho[0] = 1;
        rho[1] = Rho(1);
        double even = rho[0], odd = rho[1];
        int last = 0;
        // Initial positive sequence: pairs (rho_t, rho_t+1) are added while their sum stays positive.
        while (last < n - 5 && even + odd > 0)
        {
            last += 2;
            even = Rho(last);
            odd = Rho(last + 1);
            if (even + odd >= 0)
            {
                rho[last] = even;
                rho[last + 1] = odd;
            }
        }
        if (even > 0) rho[last] = even; // Stan's improved end term, less variance for antithetic chains
        // Initial monotone sequence: no pair sum may exceed the one before it.
        for (int t = 2; t <= last - 2; t += 2)
        {
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1])
            {
                rho[t] = rho[t + 1] = (rho[t - 2] + rho[t - 1]) / 2;
            }
        }
        double draws = (double)m * n;
        double tau = -1 + 2 * rho.Take(last).Sum() + rho[last];
        return draws / Math.Max(tau, 1 / Math.Log10(draws));
    }

    private static List<double[]> Split(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        int n = chains.Count == 0 ? 0 : chains.Min(c => c.Count) / 2;
        var result = new List<double[]>();
        if (n == 0) return result;
        foreach (var chain in chains)
        {
            // Use the last 2n draws of each chain so all halves have equal length.
            int start = chain.Count - 2 * n;
            result.Add(Enumerable.Range(start, n).Select(i => chain[i]).ToArray());
            result.Add(Enumerable.Range(start + n, n).Select(i => chain[i]).ToArray());
        }
        return result;
    }
}
