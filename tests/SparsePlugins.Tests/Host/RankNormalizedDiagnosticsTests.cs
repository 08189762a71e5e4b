using SparsePlugins.Abstractions;
using SparsePlugins.Host.Training;

namespace SparsePlugins.Tests.Host;

/// <summary>Rank-normalised split R-hat and bulk ESS (Vehtari et al. 2021) on chains whose answer is known.</summary>
public sealed class RankNormalizedDiagnosticsTests
{
    private static double[] Ar1(int n, double phi, double mean, int seed, double scale = 1)
    {
        var random = new Random(seed);
        var x = new double[n];
        double innovationSd = Math.Sqrt(1 - phi * phi);
        double state = 0;
        for (int i = 0; i < n; i++)
        {
            double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            state = phi * state + innovationSd * z;
            x[i] = mean + scale * state;
        }
        return x;
    }

    private static List<IReadOnlyList<double>> Chains(int count, Func<int, double[]> chain) =>
        Enumerable.Range(0, count).Select(c => (IReadOnlyList<double>)chain(c)).ToList();

    [Fact]
    public void Normal_scores_follow_the_blom_offsets_and_average_tied_ranks()
    {
        // S = 4 draws, ranks 1..4 -> Phi^-1((r - 3/8) / 4.25); the two tied 5s share rank 2.5.
        var z = RankNormalization.NormalScores([[3.0, 5.0], [5.0, 9.0]]);

        Assert.Equal(NormalQuantile.Inverse(0.625 / 4.25), z[0][0], 6);
        Assert.Equal(NormalQuantile.Inverse(2.125 / 4.25), z[0][1], 6); // (2.5 - 0.375) / 4.25 = 0.5 -> 0
        Assert.Equal(0.0, z[1][0], 6);
        Assert.Equal(NormalQuantile.Inverse(3.625 / 4.25), z[1][1], 6);
    }

    [Theory]
    [InlineData(1e-9, -5.997807015007686)]
    [InlineData(1e-4, -3.719016485455709)]
    [InlineData(0.02, -2.053748910631823)]
    [InlineData(0.2, -0.8416212335729143)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.999, 3.090232306167813)]
    public void The_inverse_normal_matches_tabulated_quantiles_in_both_tails_and_the_centre(double p, double expected)
    {
        // Acklam's approximation has relative error below 1.2e-9 (reference values: R's qnorm).
        Assert.Equal(expected, RankNormalization.InverseNormal(p), Math.Abs(expected) * 1.2e-9 + 1e-15);
    }

    [Fact]
    public void Rank_normalised_rhat_of_two_by_two_draws_equals_the_hand_computed_value()
    {
        // Two chains of 4 draws -> four halves of 2: (1,2) (3,4) (5,6) (7,8) with ranks 1..8. By hand: each half's
        // normal scores z_a, z_b have W = mean (z_b - z_a)^2 / 2 and B = 2 var(half means); R-hat = sqrt((W/2 + B/2) / W).
        var chains = new List<IReadOnlyList<double>> { new double[] { 1, 2, 3, 4 }, new double[] { 5, 6, 7, 8 } };
        var z = Enumerable.Range(1, 8).Select(r => NormalQuantile.Inverse((r - 0.375) / 8.25)).ToArray();
        var means = Enumerable.Range(0, 4).Select(h => (z[2 * h] + z[2 * h + 1]) / 2).ToArray();
        double w = Enumerable.Range(0, 4).Average(h => Math.Pow(z[2 * h + 1] - z[2 * h], 2) / 2);
        double b = 2 * means.Sum(m => (m - means.Average()) * (m - means.Average())) / 3;
        double bulk = Math.Sqrt((0.5 * w + b / 2) / w);

        // The folded draws |x - 4.5| rank the halves' spreads; for this symmetric layout their R-hat is below the bulk one.
        Assert.Equal(bulk, ConvergenceDiagnostics.RHat(chains), 5);
    }

    [Fact]
    public void Chains_of_one_distribution_give_rhat_near_one()
    {
        var chains = Chains(4, c => Ar1(1000, 0.5, 0, 100 + c));

        // Eight halves of 500 draws with tau = 3: R-hat - 1 is of order 1 / ESS_per_half ~ 0.006 at most.
        Assert.InRange(ConvergenceDiagnostics.RHat(chains), 0.995, 1.01);
    }

    [Fact]
    public void Chains_shifted_by_half_a_sd_pass_the_strong_bar_but_not_the_one_percent_bar()
    {
        // Means 0, 0.5, 0, 0.5 on unit-variance chains: the eight half-chain means have variance 0.5 / 7, which B/n adds
        // to W ~ 1, so R-hat ~ sqrt(1 + 0.071) = 1.035 (the normal scores of these draws are nearly the draws).
        var chains = Chains(4, c => Ar1(2000, 0.5, c % 2 == 0 ? 0 : 0.5, 200 + c));

        Assert.InRange(ConvergenceDiagnostics.RHat(chains), 1.01, 1.1);
    }

    [Fact]
    public void Chains_in_different_places_have_rhat_above_the_strong_bar()
    {
        var chains = Chains(4, c => Ar1(1000, 0.5, c == 3 ? 3 : 0, 300 + c));

        Assert.True(ConvergenceDiagnostics.RHat(chains) > 1.1);
    }

    [Fact]
    public void Chains_that_differ_only_in_spread_are_caught_by_the_folded_rhat()
    {
        // Same centre, sd 1 against sd 3: the bulk R-hat barely moves; folding about the median turns it into location.
        var chains = Chains(4, c => Ar1(2000, 0, 0, 400 + c, scale: c < 2 ? 1 : 3));

        Assert.True(ConvergenceDiagnostics.SplitRHat(chains) < 1.01);
        Assert.True(ConvergenceDiagnostics.RHat(chains) > 1.1);
    }

    [Fact]
    public void Rank_normalisation_ignores_a_heavy_tail_that_breaks_the_classic_rhat()
    {
        // Identical Cauchy chains: the raw variance is dominated by a few draws, the ranks are not.
        var chains = Chains(4, c =>
        {
            var random = new Random(500 + c);
            return Enumerable.Range(0, 2000).Select(_ => Math.Tan(Math.PI * (random.NextDouble() - 0.5))).ToArray();
        });

        Assert.InRange(ConvergenceDiagnostics.RHat(chains), 0.995, 1.01);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Bulk_ess_of_ar1_chains_is_near_the_theoretical_value(double phi)
    {
        const int chains = 4, draws = 10_000;
        var traces = Chains(chains, c => Ar1(draws, phi, 0, 600 + c + (int)(phi * 100)));

        // AR(1): tau = (1 + phi) / (1 - phi), so ESS = 40000 (1 - phi) / (1 + phi). The normal scores of a Gaussian AR(1)
        // are nearly the chain itself (a monotone map of Gaussian draws), so bulk ESS estimates the same. The estimator's
        // relative sd is about sqrt(2 tau_window / draws) by Bartlett's formula: under 5% for phi = 0.9 with the window
        // Geyer's rule picks (~ 6 tau = 114 lags, over 40000 draws); 15% allows three sd.
        double expected = chains * draws * (1 - phi) / (1 + phi);
        Assert.InRange(ConvergenceDiagnostics.BulkEffectiveSampleSize(traces), expected * 0.85, expected * 1.15);
    }

    [Fact]
    public void A_constant_quantity_is_not_diagnosed_and_chains_stuck_at_different_values_are()
    {
        var constant = Chains(2, _ => Enumerable.Repeat(0.0, 100).ToArray());
        var stuck = Chains(2, c => Enumerable.Repeat((double)c, 100).ToArray());

        Assert.True(double.IsNaN(ConvergenceDiagnostics.RHat(constant)));
        Assert.True(double.IsNaN(ConvergenceDiagnostics.BulkEffectiveSampleSize(constant)));
        Assert.True(double.IsPositiveInfinity(ConvergenceDiagnostics.RHat(stuck)));
    }

    [Fact]
    public void Fft_autocovariances_equal_the_direct_sums()
    {
        var x = Ar1(37, 0.7, 1, 7);
        double mean = x.Average();
        var acov = Autocovariance.Of(x);

        for (int lag = 0; lag < x.Length; lag++)
        {
            double direct = 0;
            for (int t = 0; t + lag < x.Length; t++) direct += (x[t] - mean) * (x[t + lag] - mean);
            Assert.Equal(direct / x.Length, acov[lag], 10);
        }
    }
}
