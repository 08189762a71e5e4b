using SparsePlugins.Abstractions;
using SparsePlugins.Samplers;
using SparsePlugins.Samplers.Numerics;
using Xunit.Abstractions;

namespace SparsePlugins.Tests.Samplers;

/// <summary>
/// Each Langevin sampler draws from Gaussians with known moments. Many independent chains run as the rows of one
/// parameter; moments are pooled over chains and thinned iterations after burn-in.
/// </summary>
/// <remarks>
/// Tolerances (mean within 0.1 sd, marginal variance within 15%) against sampling error: with E effective draws the
/// standard error of the mean is sd / sqrt(E) and of the variance sqrt(2 / E) relative. Each case states E (chains
/// times kept span over twice the slowest relaxation time, which for an OU-like chain is sd^2 / (eps G)), so that
/// the tolerance is at least 3 standard errors after the known discretisation bias (stationary variance of the
/// Euler scheme: sd^2 / (1 - h / 2) with h = eps G / sd^2 the per-step contraction) is taken out.
/// </remarks>
public sealed class SamplerGaussianTests(ITestOutputHelper output)
{
    private static readonly double[] CorrelatedMean = [1.0, -2.0];
    private static readonly double[,] CorrelatedCovariance = { { 1.0, 0.6 }, { 0.6, 2.0 } };

    // Ill-conditioned: standard deviations 1 and 0.01 (100x), means 1 and 0.02 (1 and 2 sd from the start at 0).
    private static readonly double[] IllMean = [1.0, 0.02];
    private static readonly double[] IllSd = [1.0, 0.01];

    private void AssertMoments(GaussianTarget target, ChainMoments m, double varianceTolerance = 0.15)
    {
        output.WriteLine($"mean [{string.Join(", ", m.Mean.Select(v => v.ToString("G5")))}] variance [{string.Join(", ", m.Variance.Select(v => v.ToString("G5")))}] correlation {m.Correlation:F4}");
        for (int i = 0; i < target.Dimension; i++)
        {
            double sd = target.Sd(i);
            Assert.True(Math.Abs(m.Mean[i] - target.Mean[i]) < 0.1 * sd,
                $"coordinate {i}: mean {m.Mean[i]:G5}, truth {target.Mean[i]:G5} (sd {sd:G3})");
            double ratio = m.Variance[i] / (sd * sd);
            Assert.True(Math.Abs(ratio - 1) < varianceTolerance,
                $"coordinate {i}: variance {m.Variance[i]:G5} is {ratio:F3} x the truth {sd * sd:G5}");
        }
    }

    // Correlated 2-D target, eigenvalues of Sigma 0.71 and 2.29. eps = 0.02: h <= 0.028 (variance bias <= 1.4%),
    // slowest relaxation 2.29 / 0.02 = 115 steps; 400 chains x 6000 kept steps -> E ~ 400 x 26 = 10^4
    // (mean s.e. 0.01 sd, variance s.e. 1.4%).
    public static TheoryData<string> Samplers => ["sgld", "psgld", "sghmc"];

    private static ISampler Correlated(string name) => name switch
    {
        "sgld" => new SgldSampler(new SgldOptions { StepSize = 0.02 }),
        "psgld" => new PsgldSampler(new PsgldOptions { StepSize = 0.02, AlphaSchedule = AlphaSchedule.Decaying }),
        // eta = h^2 = 0.01, friction 0.1: overdamped for the slow direction (relaxation ~ 0.1 x 2.29 / 0.01 = 23 steps).
        _ => new SghmcSampler(new SghmcOptions { StepSize = 0.01, Friction = 0.1 }),
    };

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Correlated_gaussian_moments_are_recovered(string name)
    {
        using var target = new GaussianTarget(CorrelatedMean, CorrelatedCovariance);

        var m = GaussianChains.Run(Correlated(name), target, chains: 400, burnIn: 1500, keep: 6000, thin: 20, seed: 11);

        AssertMoments(target, m);
        Assert.True(Math.Abs(m.Correlation - 0.6 / Math.Sqrt(2.0)) < 0.05, $"correlation {m.Correlation:F3}");
    }

    [Fact]
    public void Psgld_samples_an_ill_conditioned_gaussian_from_a_fixed_start()
    {
        // RMSprop makes G ~ sd per coordinate (V -> E g^2 = 1 / sd^2), so h_i = eps / sd_i: eps = 1e-3 gives
        // h = 0.1 on the stiff coordinate (variance bias 5%) and 1e-3 on the slow one (relaxation 1000 steps).
        // 500 chains x 24000 kept steps -> E ~ 500 x 12 = 6000 (mean s.e. 0.013 sd, variance s.e. 1.8%).
        // The decaying weight (PSGLD-SA) is used: with the constant 0.99 the preconditioner follows the slow
        // coordinate's instantaneous gradient and, without the Gamma term, inflates its variance (see below).
        using var target = GaussianTarget.Diagonal(IllMean, IllSd);
        var sampler = new PsgldSampler(new PsgldOptions { StepSize = 1e-3, AlphaSchedule = AlphaSchedule.Decaying });

        var m = GaussianChains.Run(sampler, target, chains: 500, burnIn: 6000, keep: 24000, thin: 50, seed: 12);

        AssertMoments(target, m);
    }

    [Fact]
    public void Sghmc_samples_an_ill_conditioned_gaussian_from_a_fixed_start()
    {
        // eta = 1e-5 (h = 3.2e-3 = 0.32 sd on the stiff coordinate: symplectic-Euler variance bias ~ h^2/4 = 2.5%);
        // friction 0.01 keeps the slow coordinate near critical damping: relaxation ~ friction sd^2 / eta = 1000
        // steps. 500 chains x 20000 kept -> E ~ 500 x 10 = 5000 (mean s.e. 0.014 sd, variance s.e. 2%).
        using var target = GaussianTarget.Diagonal(IllMean, IllSd);
        var sampler = new SghmcSampler(new SghmcOptions { StepSize = 1e-5, Friction = 0.01 });

        var m = GaussianChains.Run(sampler, target, chains: 500, burnIn: 8000, keep: 20000, thin: 50, seed: 13);

        AssertMoments(target, m);
    }

    [Fact]
    public void Sgld_keeps_an_ill_conditioned_gaussian_invariant()
    {
        // SGLD's step is bounded by the stiff coordinate (eps < 2 sd_min^2 = 2e-4); at eps = 1e-5 (h = 0.1, variance
        // bias 5%) the slow coordinate relaxes in sd^2 / eps = 10^5 steps, so a burn-in from a fixed start would
        // take ~5 x 10^5 steps (the comparison test below measures exactly that gap). Here the chains start from
        // exact draws and must keep the distribution: 1000 chains x 20000 steps -> E ~ 1000 x 1.1 (mean s.e.
        // 0.03 sd, variance s.e. 4.3%), while a wrong drift or noise scale would move the slow variance by
        // 1 - exp(-0.4) = 33% and the stiff one at once.
        using var target = GaussianTarget.Diagonal(IllMean, IllSd);
        var sampler = new SgldSampler(new SgldOptions { StepSize = 1e-5 });

        var m = GaussianChains.Run(sampler, target, chains: 1000, burnIn: 0, keep: 20000, thin: 100, seed: 14, stationaryStart: true);

        AssertMoments(target, m);
    }

    [Fact]
    public void Constant_preconditioner_weight_biases_the_slow_variance_more_than_the_decaying_one()
    {
        // The paper's motivation for a_k -> 1 (Section 4): dropping Gamma with a constant a leaves a bias. On the
        // ill-conditioned target the constant a = 0.99 nearly doubles the slow coordinate's variance.
        using var target = GaussianTarget.Diagonal(IllMean, IllSd);

        var constant = GaussianChains.Run(new PsgldSampler(new PsgldOptions { StepSize = 1e-3 }),
            target, chains: 200, burnIn: 4000, keep: 8000, thin: 50, seed: 15);
        var decaying = GaussianChains.Run(new PsgldSampler(new PsgldOptions { StepSize = 1e-3, AlphaSchedule = AlphaSchedule.Decaying }),
            target, chains: 200, burnIn: 4000, keep: 8000, thin: 50, seed: 15);

        output.WriteLine($"slow variance: constant a {constant.Variance[0]:F4}, decaying a {decaying.Variance[0]:F4}");
        double constantError = Math.Abs(constant.Variance[0] - 1);
        double decayingError = Math.Abs(decaying.Variance[0] - 1);
        Assert.True(constantError > 0.3, $"constant a: slow variance {constant.Variance[0]:F3}");
        Assert.True(decayingError < constantError / 2, $"decaying {decaying.Variance[0]:F3} vs constant {constant.Variance[0]:F3}");
    }
}
