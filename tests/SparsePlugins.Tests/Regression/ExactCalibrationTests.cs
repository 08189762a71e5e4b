using SparsePlugins.Reference.Regression;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// The SA methods against the exact posterior of the model they approximate (issue 15; the ten-draw benchmark is
/// bench/SparsePlugins.Regression.Calibration, its table in docs/regression.md). One easy draw of Section 6.1 test 1,
/// shortened chains: the inclusion probabilities must stay near the exact ones for all 200 coefficients.
/// </summary>
public sealed class ExactCalibrationTests
{
    /// <summary>
    /// DataSeed 3: the exact posterior includes b1 and b2 with probability 1.000 and no null above 0.015 (slab variance 10)
    /// or 0.005 (100; measured with the Gibbs sampler below at 1,000 sweeps), so the right answer is not in doubt and a
    /// method that drifts (loses b2 to the spike, lets a null in) moves some inclusion probability by 0.5 or more.
    /// Tolerance 0.15: the exact estimate from 800 kept sweeps has a Monte Carlo sd of at most sqrt(0.25 / 800) = 0.018
    /// per coefficient (0.05 allowing a factor 3 for autocorrelation); the SA estimate of a decided coefficient varies
    /// less (its rho sits near 0 or 1); and the model difference (Laplace spike of scale 0.03 against a point mass, sigma
    /// estimated against known) is what the calibration measures (0.03-0.08 on DataSeed 1 with the full recipe). 0.15
    /// is three times the Monte Carlo allowance and well under the 0.5 of a flipped decision.
    /// </summary>
    [Theory]
    [InlineData("SGLD-SA")]
    [InlineData("PSGLD-SA")]
    public void Sa_inclusion_probabilities_stay_near_the_exact_ones_on_an_easy_draw(string method)
    {
        using var temp = new TempDirectory();
        var train = temp.File("train.csv");
        var generate = HostRun.Invoke("generate", "--problem", "linear-regression", "--samples", "100", "--out", train, "--set", "DataSeed=3");
        Assert.True(generate.ExitCode == 0, generate.Error);
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, Run(method)));
        Assert.True(result.ExitCode == 0, result.Error);

        var summary = RegressionRuns.Summary(temp, method);
        var inclusion = RegressionRuns.Doubles(summary.GetProperty("inclusionProbability"));
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RegressionRuns.Directory(temp, method), "config.json")));
        double slab = config.RootElement.GetProperty("Runs")[0].GetProperty("Prior").GetProperty("Options").GetProperty("SlabVariance").GetDouble();
        var exact = new CollapsedGibbs(Sweeps: 1000).Run(RegressionData.FromCsv(train), new SpikeSlabModel(SlabVariance: slab, BetaB: 200));

        var worst = InclusionComparison.Of(inclusion, exact.Inclusion);
        Assert.True(worst.Difference <= 0.15, $"{method}: inclusion of b{worst.Index + 1} is {inclusion[worst.Index]:F3} where the exact " +
            $"posterior gives {exact.Inclusion[worst.Index]:F3}");
    }

    /// <summary>
    /// DataSeed 6, where the exact posterior is split on b2 (inclusion 0.18 with slab variance 100) and the paper's
    /// PSGLD-SA reports 0.97 (docs/regression.md: every chain's latents settle in the slab). Replica exchange with
    /// marginal latents and the known noise variance (the exact posterior's) must move b2's mass towards the spike:
    /// within 0.35 of the exact inclusion on every coefficient.
    /// </summary>
    /// <remarks>
    /// Without exchange (or with a swap rule that accepts nothing) every chain keeps b2 in the slab: 0.97, a difference
    /// of 0.79. With it the chains switch 30-60 times each, but in long sojourns: measured on DataSeed 2 (SpikeScale 0.01), four chains
    /// spent 0.76, 0.88, 0.21 and 0.72 of their samples with b2 in the slab, a between-chain sd of about 0.3, so the
    /// mean of two chains carries a Monte Carlo sd of about 0.2. 0.35 is under two of those from the exact value and
    /// far from the 0.79 of a chain that does not move (the 0.15 needs more chains or longer runs than a test,
    /// docs/regression.md).
    /// </remarks>
    [Fact]
    public void Replica_exchange_moves_mass_between_spike_and_slab_where_the_exact_posterior_is_split()
    {
        using var temp = new TempDirectory();
        var train = temp.File("train.csv");
        var generate = HostRun.Invoke("generate", "--problem", "linear-regression", "--samples", "100", "--out", train, "--set", "DataSeed=6");
        Assert.True(generate.ExitCode == 0, generate.Error);
        var run = Run("PSGLD-SA", dataSeed: 6);
        run["Training"] = new Dictionary<string, object?>
        {
            ["Chains"] = 2, ["Temperatures"] = new[] { 1, 1.1, 1.21, 1.33, 1.46, 1.61, 1.77, 1.95 }, ["SwapEvery"] = 10,
        };
        run["Prior"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["MarginalLatents"] = true, ["AdaptSigma"] = false } };
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));
        Assert.True(result.ExitCode == 0, result.Error);

        var inclusion = RegressionRuns.Doubles(RegressionRuns.Summary(temp, "PSGLD-SA").GetProperty("inclusionProbability"));
        var exact = new CollapsedGibbs(Sweeps: 2000).Run(RegressionData.FromCsv(train), new SpikeSlabModel(SlabVariance: 100, BetaB: 200));
        Assert.InRange(exact.Inclusion[1], 0.05, 0.35);
        var worst = InclusionComparison.Of(inclusion, exact.Inclusion);
        Assert.True(worst.Difference <= 0.35, $"inclusion of b{worst.Index + 1} is {inclusion[worst.Index]:F3} where the exact " +
            $"posterior gives {exact.Inclusion[worst.Index]:F3}");
    }

    /// <summary>The shipped recipe on DataSeed 3, with two chains of 4,000 iterations instead of four of 10,000 (burn-in 2,000 kept:
    /// the recipe's sigma and preconditioner schedules start there).</summary>
    private static Dictionary<string, object?> Run(string method, int dataSeed = 3) => new()
    {
        ["Name"] = method,
        ["Seed"] = 1,
        ["Method"] = method,
        ["Problem"] = new Dictionary<string, object?> { ["Name"] = "linear-regression", ["Options"] = new Dictionary<string, object?> { ["DataSeed"] = dataSeed } },
        ["Network"] = new Dictionary<string, object?> { ["Name"] = "linear" },
        ["Training"] = new Dictionary<string, object?> { ["Epochs"] = 4000, ["Chains"] = 2 },
    };
}
