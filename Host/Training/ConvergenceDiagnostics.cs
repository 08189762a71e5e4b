namespace SparsePlugins.Host.Training;

/// <summary>
/// Split R-hat and effective sample size (Gelman et al., BDA3 ch. 11; Geyer's initial positive sequence for the
/// autocorrelation sum) for scalar chains of equal length.
/// </summary>
public static class ConvergenceDiagnostics
{
    /// <summary>Split R-hat: each chain is cut in halves, so a single chain still reveals drift. NaN if too short.</summary>
    public static double SplitRHat(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var halves = Split(chains);
        if (halves.Count < 2 || halves[0].Length < 2) return double.NaN;
        int n = halves[0].Length;
        var means = halves.Select(h => h.Average()).ToArray();
        double grand = means.Average();
        double b = n * means.Sum(m => (m - grand) * (m - grand)) / (halves.Count - 1);
        double w = halves.Select((h, i) => h.Sum(x => (x - means[i]) * (x - means[i])) / (n - 1)).Average();
        if (w <= 0) return b <= 0 ? 1.0 : double.PositiveInfinity;
        double varPlus = (n - 1.0) / n * w + b / n;
        return Math.Sqrt(varPlus / w);
    }

    /// <summary>Effective sample size over all chains (split), from the multi-chain autocorrelation estimate.</summary>
    public static double EffectiveSampleSize(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var halves = Split(chains);
        if (halves.Count == 0 || halves[0].Length < 4) return double.NaN;
        int m = halves.Count, n = halves[0].Length;
        var means = halves.Select(h => h.Average()).ToArray();
        var variances = halves.Select((h, i) => h.Sum(x => (x - means[i]) * (x - means[i])) / (n - 1)).ToArray();
        double w = variances.Average();
        double grand = means.Average();
        double b = m > 1 ? n * means.Sum(x => (x - grand) * (x - grand)) / (m - 1) : 0;
        double varPlus = (n - 1.0) / n * w + b / n;
        if (varPlus <= 0) return m * n;

        double Rho(int lag)
        {
            double acov = 0;
            for (int c = 0; c < m; c++)
            {
                double s = 0;
                for (int t = 0; t + lag < n; t++) s += (halves[c][t] - means[c]) * (halves[c][t + lag] - means[c]);
                acov += s / n;
            }
            acov /= m;
            return 1 - (w - acov) / varPlus;
        }

        // Geyer: sum pairs of autocorrelations while the pair sums stay positive.
        double sum = 0;
        for (int t = 0; t + 1 < n; t += 2)
        {
            double pair = Rho(t) + Rho(t + 1);
            if (pair < 0) break;
            sum += pair;
        }
        double tau = -1 + 2 * sum;
        return m * n / Math.Max(tau, 1.0 / Math.Log10(Math.Max(m * n, 10)));
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
