using SparsePlugins.Abstractions;
using SparsePlugins.Samplers;
using SparsePlugins.Authoring;
using SparsePlugins.Testing;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Samplers;

/// <summary>
/// pSGLD against SGLD on an ill-conditioned Gaussian (sd 1 and 0.01), each at the same fraction of its own
/// step-size stability limit. The limit is set by the stiff coordinate: the Euler step of Langevin dynamics on
/// U = x^2 / (2 sd^2) contracts by |1 - eps G / sd^2| and diverges once eps G / sd^2 > 2. SGLD (G = 1): eps < 2 sd_min^2.
/// pSGLD (G -> 1 / sqrt(E g^2) = sd): eps < 2 sd_min. Both run at 5% of their limit (h = 0.1 on the stiff coordinate,
/// the same discretisation accuracy there).
/// </summary>
public sealed class PreconditioningSpeedTests(ITestOutputHelper output)
{
    private const double SlowSd = 1.0;
    private const double StiffSd = 0.01;
    private const double SlowMean = 3.0;
    private const int Chains = 200;
    private const int Budget = 12000;

    /// <summary>
    /// Steps until the slow coordinate's ensemble mean (over the chains, at that step) first lies within 0.1 sd of
    /// the truth, starting from 0 (3 sd away); null when not reached within <see cref="Budget"/>. With 200 chains the
    /// ensemble mean's own noise is 0.07 sd at stationarity, below the 0.1 sd criterion.
    /// </summary>
    private (long? Steps, double FinalMean) StepsToSlowMean(ISampler sampler)
    {
        using var target = GaussianTarget.Diagonal([SlowMean, 0.0], [SlowSd, StiffSd]);
        long? reached = null;
        double last = 0;
        GaussianChains.Run(sampler, target, new GaussianRun(Chains, BurnIn: Budget, Keep: 0, Thin: 1), seed: 21, observe: (k, x) =>
        {
            using var _ = no_grad();
            using var mean = x.select(1, 0).mean();
            last = mean.item<double>();
            if (Math.Abs(last - SlowMean) < 0.1 * SlowSd)
            {
                reached = k;
                return false;
            }
            return true;
        });
        return (reached, last);
    }

    [Fact]
    public void Psgld_reaches_the_slow_coordinate_in_fewer_steps_than_sgld_at_the_same_stability_margin()
    {
        var sgld = StepsToSlowMean(new SgldSampler(new SgldOptions { StepSize = 0.05 * 2 * StiffSd * StiffSd }));
        var psgld = StepsToSlowMean(new PsgldSampler(new PsgldOptions { StepSize = 0.05 * 2 * StiffSd }));
        output.WriteLine($"SGLD: {sgld.Steps?.ToString() ?? $"not within {Budget}"} steps (slow mean {sgld.FinalMean:F3}); " +
                         $"pSGLD: {psgld.Steps} steps (slow mean {psgld.FinalMean:F3})");

        Assert.NotNull(psgld.Steps);
        Assert.Null(sgld.Steps);
        // SGLD's slow coordinate follows the OU mean 3 (1 - (1 - 1e-5)^k): after the budget 3 (1 - e^-0.12) = 0.34.
        // It needs ln(30) / 1e-5 = 3.4e5 steps to get within 0.1 sd, ~30x the budget and >100x pSGLD's count.
        double expected = SlowMean * (1 - Math.Pow(1 - 1e-5, Budget));
        Assert.True(Math.Abs(sgld.FinalMean - expected) < 0.1, $"SGLD slow mean {sgld.FinalMean:F3}, OU prediction {expected:F3}");
        Assert.True(psgld.Steps * 10 < Math.Log(30) / 1e-5, $"pSGLD {psgld.Steps} steps is not 10x faster than SGLD's 3.4e5");
    }

    [Fact]
    public void Sgld_stability_limit_is_where_the_stiff_coordinate_diverges()
    {
        // Below 2 sd_min^2 the chain stays bounded; 10% above it grows geometrically (|1 - 2.2| ^ 400 ~ 1e31).
        static double MaxAbs(double eps)
        {
            using var target = GaussianTarget.Diagonal([0.0, 0.0], [SlowSd, StiffSd]);
            double max = 0;
            GaussianChains.Run(new SgldSampler(new SgldOptions { StepSize = eps }), target, new GaussianRun(10, BurnIn: 400, Keep: 0, Thin: 1), seed: 3,
                observe: (_, x) =>
                {
                    using var __ = no_grad();
                    using var m = x.abs().max();
                    max = m.item<double>();
                    return double.IsFinite(max) && max < 1e6;
                });
            return max;
        }

        Assert.True(MaxAbs(0.9 * 2 * StiffSd * StiffSd) < 1);
        Assert.True(MaxAbs(1.1 * 2 * StiffSd * StiffSd) > 1e6 || double.IsNaN(MaxAbs(1.1 * 2 * StiffSd * StiffSd)));
    }
}
