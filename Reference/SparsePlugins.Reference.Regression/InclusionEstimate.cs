namespace SparsePlugins.Reference.Regression;

/// <summary>Inclusion probabilities estimated by a sampler, with their Monte Carlo standard errors.</summary>
public sealed record InclusionEstimate(double[] Probability, double[] StandardError)
{
    /// <summary>Batches for <see cref="FromSweeps"/>: 20 keeps the error's own uncertainty near 16% (chi-square, 19 d.f.).</summary>
    public const int Batches = 20;

    /// <summary>
    /// Mean of the per-sweep values and its batch-means standard error: the kept sweeps in <see cref="Batches"/>
    /// consecutive batches, error sd(batch means) / sqrt(batches), valid when a batch is long against the
    /// autocorrelation time (for the reference samplers here a few sweeps; 1,000 kept sweeps make batches of 50).
    /// </summary>
    public static InclusionEstimate FromSweeps(IReadOnlyList<double[]> sweeps)
    {
        int p = sweeps[0].Length, batches = Math.Min(Batches, sweeps.Count);
        var sums = new double[batches, p];
        var counts = new int[batches];
        for (int t = 0; t < sweeps.Count; t++)
        {
            int batch = (int)((long)t * batches / sweeps.Count);
            counts[batch]++;
            for (int j = 0; j < p; j++) sums[batch, j] += sweeps[t][j];
        }
        var probability = new double[p];
        var error = new double[p];
        for (int j = 0; j < p; j++)
        {
            var means = Enumerable.Range(0, batches).Select(b => sums[b, j] / counts[b]).ToArray();
            probability[j] = Enumerable.Range(0, batches).Sum(b => sums[b, j]) / sweeps.Count;
            double average = means.Average();
            double variance = batches > 1 ? means.Sum(m => (m - average) * (m - average)) / (batches - 1) : double.NaN;
            error[j] = Math.Sqrt(variance / batches);
        }
        return new InclusionEstimate(probability, error);
    }
}
