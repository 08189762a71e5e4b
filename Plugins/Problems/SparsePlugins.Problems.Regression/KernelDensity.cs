namespace SparsePlugins.Problems.Regression;

/// <summary>Gaussian kernel density estimate with Silverman's rule-of-thumb bandwidth.</summary>
public static class KernelDensity
{
    public static double Bandwidth(IReadOnlyList<double> samples)
    {
        int n = samples.Count;
        if (n < 2) return 0;
        double mean = samples.Average();
        double sd = Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        var sorted = samples.Order().ToArray();
        double iqr = Quantile.OfSorted(sorted, 0.75) - Quantile.OfSorted(sorted, 0.25);
        double spread = iqr > 0 ? Math.Min(sd, iqr / 1.34) : sd;
        return 0.9 * spread * Math.Pow(n, -0.2);
    }

    public static double[] Evaluate(IReadOnlyList<double> samples, double bandwidth, IReadOnlyList<double> at)
    {
        var density = new double[at.Count];
        double norm = 1.0 / (samples.Count * bandwidth * Math.Sqrt(2 * Math.PI));
        for (int i = 0; i < at.Count; i++)
        {
            double sum = 0;
            foreach (var x in samples)
            {
                double z = (at[i] - x) / bandwidth;
                sum += Math.Exp(-0.5 * z * z);
            }
            density[i] = sum * norm;
        }
        return density;
    }
}
