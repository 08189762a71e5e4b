using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// The Monte Carlo standard error of each pooled inclusion probability, from the spread of the kept chains' own
/// inclusion probabilities: sqrt(s_j^2 / k) with s_j^2 the between-chain sample variance of chain means over k chains.
/// </summary>
/// <remarks>
/// Independent chains give independent estimates of the same probability, so their spread measures the pooled
/// estimate's error without modelling autocorrelation (the within-chain alternative, batch means, needs a chain long
/// against its spike/slab sojourns, which is the case that matters least). With k = 4 the error itself is uncertain by
/// about 40% (a chi-square with 3 degrees of freedom), so it says "0.05 or 0.15", not "0.08". Chains left in different
/// modes (the paper's latents) give a large error: the honest reading of a pooled value that only counts chains.
/// </remarks>
public static class InclusionStandardError
{
    public static double[]? Of(RunResult result, string name, int count)
    {
        var chains = result.Chains
            .Where(c => c.Kept && c.SampleCount > 0)
            .Select(c => c.WeightStatistics.GetValueOrDefault(CoefficientPosterior.InclusionStatistic)?.GetValueOrDefault(name))
            .Where(rho => rho is not null)
            .Select(rho => TensorMath.ToDoubles(rho!))
            .Where(values => values.Length == count)
            .ToList();
        if (chains.Count < 2) return null;
        return Enumerable.Range(0, count).Select(j =>
        {
            double mean = chains.Average(c => c[j]);
            double variance = chains.Sum(c => (c[j] - mean) * (c[j] - mean)) / (chains.Count - 1);
            return Math.Sqrt(variance / chains.Count);
        }).ToArray();
    }
}
