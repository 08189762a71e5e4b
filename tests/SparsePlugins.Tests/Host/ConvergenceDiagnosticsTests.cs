using SparsePlugins.Host.Training;

namespace SparsePlugins.Tests.Host;

public sealed class ConvergenceDiagnosticsTests
{
    private static double[] Ar1(int n, double phi, double mean, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        double innovationSd = Math.Sqrt(1 - phi * phi);
        double state = 0;
        for (int i = 0; i < n; i++)
        {
            // Box-Muller: System.Random has no normal draw.
            double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            state = phi * state + innovationSd * z;
            x[i] = mean + state;
        }
        return x;
    }

    [Fact]
    public void Independent_chains_of_one_distribution_have_rhat_near_one_and_full_ess()
    {
        var chains = Enumerable.Range(0, 4).Select(c => (IReadOnlyList<double>)Ar1(2000, 0, 0, c)).ToList();

        // With 8 half-chains of 1000 iid draws, R-hat - 1 is O(1/n) ~ 1e-3; 1.01 is the usual convergence bar.
        Assert.InRange(ConvergenceDiagnostics.SplitRHat(chains), 0.99, 1.01);
        // ESS of iid draws is the draw count; the Geyer estimate's sampling error at 8000 draws is a few percent.
        Assert.InRange(ConvergenceDiagnostics.EffectiveSampleSize(chains), 8000 * 0.85, 8000 * 1.15);
    }

    [Fact]
    public void Autocorrelated_chains_have_the_ar1_effective_sample_size()
    {
        const double phi = 0.9;
        var chains = Enumerable.Range(0, 4).Select(c => (IReadOnlyList<double>)Ar1(20_000, phi, 0, 10 + c)).ToList();

        // AR(1): integrated autocorrelation time (1 + phi) / (1 - phi) = 19, so ESS = 80000 / 19 ~ 4211.
        // The estimator's relative error at this length is ~10%; allow 25%.
        double expected = 80_000 * (1 - phi) / (1 + phi);
        Assert.InRange(ConvergenceDiagnostics.EffectiveSampleSize(chains), expected * 0.75, expected * 1.25);
    }

    [Fact]
    public void Chains_stuck_at_different_means_have_large_rhat()
    {
        var chains = new List<IReadOnlyList<double>> { Ar1(1000, 0.5, 0, 1), Ar1(1000, 0.5, 3, 2) };

        Assert.True(ConvergenceDiagnostics.SplitRHat(chains) > 1.5);
    }

    [Fact]
    public void A_drifting_single_chain_is_caught_by_the_split()
    {
        var drift = Enumerable.Range(0, 1000).Select(i => i / 100.0 + Ar1(1, 0, 0, i)[0]).ToList();

        Assert.True(ConvergenceDiagnostics.SplitRHat([drift]) > 1.5);
    }
}
