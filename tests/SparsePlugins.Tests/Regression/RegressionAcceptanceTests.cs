using System.Text.Json;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// The paper's Section 6.1 claims on the shipped configurations (Host/appsettings.json for test 1,
/// configs/regression-test2.json for test 2): the spike-and-slab methods find the true support {1, 2}, their
/// posterior means of b_1 and b_2 are close to the oracle least-squares fit on that support, their 95% intervals
/// cover the truth, and they predict far better than the Gaussian prior.
/// </summary>
public sealed class RegressionAcceptanceTests(DefaultJobFixture job) : IClassFixture<DefaultJobFixture>
{
    // Measured on DataSeed 1: the least-squares b_1 on {1, 2} is 2.29 with standard error 0.72 (z = 3.2), and
    // the model {2} with b_2 = 1.48 explains the data almost as well. Under the prior (delta ~ 0.005-0.01 after
    // adaptation) the exact posterior inclusion probability of b_1 is 0.13 (bench/SparsePlugins.Regression.Exact),
    // and the SA methods keep b_1 in the spike for 7 (PSGLD-SA) and 8 (SGLD-SA) of 8 chain seeds (docs/regression.md, "Test 2").
    private const string Test2Unmet =
        "not met: on test 2's data b_1 has z = 3.2 and both SA methods exclude it; see docs/regression.md, Test 2";

    [Fact]
    public void Psgld_sa_recovers_the_support_on_test_1() => AssertRecovers(job.Temp, job.Result, "PSGLD-SA");

    [Fact]
    public void Sgld_sa_recovers_the_support_on_test_1() => AssertRecovers(job.Temp, job.Result, "SGLD-SA");

    [Fact(Skip = Test2Unmet)]
    public void Psgld_sa_recovers_the_support_on_test_2()
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("run", "--config", Path.Combine(AppContext.BaseDirectory, "configs", "regression-test2.json"),
            "--run", "PSGLD-SA", $"--Output={temp.File("out")}");
        AssertRecovers(temp, result, "PSGLD-SA");
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
