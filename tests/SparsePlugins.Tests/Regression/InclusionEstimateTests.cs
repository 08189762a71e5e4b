using SparsePlugins.Reference.Regression;

namespace SparsePlugins.Tests.Regression;

/// <summary>The reference samplers' batch-means standard error.</summary>
public sealed class InclusionEstimateTests
{
    [Fact]
    public void Batch_means_are_averaged_and_their_spread_gives_the_error()
    {
        // 20 batches of two sweeps, batch b holding the value b: mean 9.5, batch means 0..19 with sample variance 35.
        var sweeps = Enumerable.Range(0, 40).Select(t => new[] { (double)(t / 2), 1.0 }).ToList();

        var estimate = InclusionEstimate.FromSweeps(sweeps);

        Assert.Equal(9.5, estimate.Probability[0], 12);
        Assert.Equal(Math.Sqrt(35.0 / 20), estimate.StandardError[0], 12);
        Assert.Equal(1, estimate.Probability[1], 12);
        Assert.Equal(0, estimate.StandardError[1], 12);
    }

    [Fact]
    public void Independent_indicators_get_the_binomial_error()
    {
        // 4,000 independent Bernoulli(0.3) draws: true error sqrt(0.21 / 4000) = 0.00725. The batch-means estimate has
        // 19 degrees of freedom, so it is within 16% of the truth with sd 1, and within 50% beyond three sd.
        var random = new Random(3);
        var sweeps = Enumerable.Range(0, 4000).Select(_ => new[] { random.NextDouble() < 0.3 ? 1.0 : 0.0 }).ToList();

        var estimate = InclusionEstimate.FromSweeps(sweeps);

        Assert.InRange(estimate.StandardError[0], 0.5 * 0.00725, 1.5 * 0.00725);
        Assert.InRange(estimate.Probability[0], 0.3 - 4 * 0.00725, 0.3 + 4 * 0.00725);
    }
}
