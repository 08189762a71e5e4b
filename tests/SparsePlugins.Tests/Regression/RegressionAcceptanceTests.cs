using System.Text.Json;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// The paper's Section 6.1 claims on the shipped configurations (Host/appsettings.json for test 1,
/// configs/regression-test2.json for test 2; each SA method runs four chains and keeps those in the best mode): the spike-and-slab methods find the true support {1, 2}, their
/// posterior means of b_1 and b_2 are close to the oracle least-squares fit on that support, their 95% intervals
/// cover the truth, and they predict far better than the Gaussian prior.
/// </summary>
public sealed class RegressionAcceptanceTests(DefaultJobFixture job) : IClassFixture<DefaultJobFixture>
{
    [Fact]
    public void Psgld_sa_recovers_the_support_on_test_1() => AssertRecovers(job.Temp, job.Result, "PSGLD-SA");

    [Fact]
    public void Sgld_sa_recovers_the_support_on_test_1() => AssertRecovers(job.Temp, job.Result, "SGLD-SA");

    /// <summary>
    /// Test 2 as the paper words it (ScaleAfterResponse: y as in test 1, the first column scaled by 0.3, so its true
    /// coefficient is 10). Measured with this configuration: one of the four chains keeps b_1 in the spike (its mean
    /// log joint density is 40 nats below the others') and is left out by ChainSelection = LogJoint.
    /// </summary>
    [Fact]
    public void Psgld_sa_recovers_the_support_on_test_2()
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("run", "--config", Path.Combine(AppContext.BaseDirectory, "configs", "regression-test2.json"),
            "--run", "PSGLD-SA", $"--Output={temp.File("out")}");
        AssertRecovers(temp, result, "PSGLD-SA");

        var summary = RegressionRuns.Summary(temp, "PSGLD-SA");
        var logJoint = RegressionRuns.Doubles(summary.GetProperty("meanLogJoint"));
        var kept = RegressionRuns.Ints(summary.GetProperty("chainSelection").GetProperty("kept"));
        Assert.Equal(4, logJoint.Length);
        for (int c = 0; c < logJoint.Length; c++)
        {
            Assert.Equal(logJoint[c] >= logJoint.Max() - 10, kept.Contains(c));
        }
    }

    [Fact]
    public void Spike_and_slab_methods_keep_the_nulls_out_and_beat_the_gaussian_prior()
    {
        Assert.True(job.Result.ExitCode == 0, job.Result.Error);
        double Mse(string run) => RegressionRuns.Summary(job.Temp, run).GetProperty("mse").GetDouble();
        double gaussianBest = Math.Min(Mse("SGLD"), Mse("PSGLD"));
        foreach (var run in new[] { "SGLD-SA", "PSGLD-SA" })
        {
            var summary = RegressionRuns.Summary(job.Temp, run);
            var inclusion = RegressionRuns.Doubles(summary.GetProperty("inclusionProbability"));
            // Measured: the largest inclusion probability of the 198 nulls is below 0.01 for both methods.
            Assert.All(inclusion.Skip(2), rho => Assert.True(rho < 0.5, $"{run}: a null coefficient has inclusion {rho}"));
            // The default job runs four chains, so every inclusion probability comes with its Monte Carlo error; the
            // decided coefficients (b1, nulls near 0) have chains that agree, so their errors are small.
            var mcse = RegressionRuns.Doubles(summary.GetProperty("inclusionMcse"));
            Assert.Equal(inclusion.Length, mcse.Length);
            Assert.All(mcse, e => Assert.InRange(e, 0, 0.5));
            Assert.True(mcse[0] < 0.01, $"{run}: b1's inclusion error {mcse[0]}");
            // Measured: model-average test MSE 2.9 for both SA methods against 28-35 with the Gaussian prior (the
            // noise variance is 3); a factor 3 leaves room for any seed-to-seed variation seen.
            Assert.True(Mse(run) < gaussianBest / 3, $"{run}: test MSE {Mse(run)} vs Gaussian prior {gaussianBest}");
            Assert.True(summary.GetProperty("coverage95").GetDouble() >= 0.95);
        }
    }

    private static void AssertRecovers(TempDirectory temp, HostRun result, string run)
    {
        Assert.True(result.ExitCode == 0, result.Error);
        var summary = RegressionRuns.Summary(temp, run);
        var mean = RegressionRuns.Doubles(summary.GetProperty("posteriorMean"));
        var oracle = RegressionRuns.Doubles(summary.GetProperty("leastSquaresOnTrueSupport").GetProperty("coefficients"));
        var interval = summary.GetProperty("credibleInterval95");
        var lower = RegressionRuns.Doubles(interval.GetProperty("lower"));
        var upper = RegressionRuns.Doubles(interval.GetProperty("upper"));
        var truth = RegressionRuns.Doubles(summary.GetProperty("trueCoefficients"));
        var selected = RegressionRuns.Ints(summary.GetProperty("selected"));
        var inclusion = summary.GetProperty("inclusionProbability");

        // Every criterion is checked and all misses are reported together: which criteria fail together says more
        // than the first one alone.
        var misses = new List<string>();
        for (int j = 0; j < 2; j++)
        {
            if (Math.Abs(mean[j] - oracle[j]) > 0.3)
            {
                misses.Add($"mean b{j + 1} {mean[j]:F3} is {Math.Abs(mean[j] - oracle[j]):F3} from least squares {oracle[j]:F3} (allowed 0.3)");
            }
            if (!(lower[j] <= truth[j] && truth[j] <= upper[j]))
            {
                misses.Add($"95% interval of b{j + 1} [{lower[j]:F3}, {upper[j]:F3}] misses the truth {truth[j]}");
            }
        }
        if (summary.GetProperty("selectedBy").GetString() != "inclusionProbability > 0.5")
        {
            misses.Add("no inclusion probabilities: the prior is not the spike-and-slab one");
        }
        if (!selected.SequenceEqual([1, 2]))
        {
            var rho = inclusion.ValueKind == JsonValueKind.Array
                ? $" (inclusion of b1, b2: {inclusion[0].GetDouble():F3}, {inclusion[1].GetDouble():F3})" : "";
            misses.Add($"selected {{{string.Join(", ", selected.Take(10))}}} instead of {{1, 2}}{rho}");
        }
        Assert.True(misses.Count == 0, $"{run}:\n  " + string.Join("\n  ", misses));
    }
}
