using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// The paper's Section 6.1 claims, on the shipped configurations (Host/appsettings.json for test 1,
/// configs/regression-test2.json for test 2): the spike-and-slab methods find the true support {1, 2}, their
/// posterior means of b_1 and b_2 are close to the oracle least-squares fit on that support, and their 95%
/// intervals cover the truth.
/// </summary>
public sealed class RegressionAcceptanceTests
{
    private const string NeedsSamplers = "needs ssgl/psgld from the samplers branch";

    [Fact(Skip = NeedsSamplers)]
    public void Psgld_sa_recovers_the_support_on_test_1() => AssertRecovers("appsettings.json", "PSGLD-SA");

    [Fact(Skip = NeedsSamplers)]
    public void Sgld_sa_recovers_the_support_on_test_1() => AssertRecovers("appsettings.json", "SGLD-SA");

    [Fact(Skip = NeedsSamplers)]
    public void Psgld_sa_recovers_the_support_on_test_2() => AssertRecovers(Path.Combine("configs", "regression-test2.json"), "PSGLD-SA");

    private static void AssertRecovers(string configuration, string run)
    {
        using var temp = new TempDirectory();

        var result = HostRun.Invoke("run", "--config", Path.Combine(AppContext.BaseDirectory, configuration), "--run", run,
            $"--Output={temp.File("out")}");

        Assert.True(result.ExitCode == 0, result.Error);
        var summary = RegressionRuns.Summary(temp, run);
        var mean = RegressionRuns.Doubles(summary.GetProperty("posteriorMean"));
        var oracle = RegressionRuns.Doubles(summary.GetProperty("leastSquaresOnTrueSupport").GetProperty("coefficients"));
        Assert.True(Math.Abs(mean[0] - oracle[0]) <= 0.3, $"{run}: mean b1 {mean[0]:F3}, least squares {oracle[0]:F3}");
        Assert.True(Math.Abs(mean[1] - oracle[1]) <= 0.3, $"{run}: mean b2 {mean[1]:F3}, least squares {oracle[1]:F3}");

        Assert.Equal("inclusionProbability > 0.5", summary.GetProperty("selectedBy").GetString());
        Assert.Equal(new[] { 1, 2 }, RegressionRuns.Ints(summary.GetProperty("selected")));

        var interval = summary.GetProperty("credibleInterval95");
        var lower = RegressionRuns.Doubles(interval.GetProperty("lower"));
        var upper = RegressionRuns.Doubles(interval.GetProperty("upper"));
        var truth = RegressionRuns.Doubles(summary.GetProperty("trueCoefficients"));
        for (int j = 0; j < 2; j++)
        {
            Assert.True(lower[j] <= truth[j] && truth[j] <= upper[j],
                $"{run}: 95% interval of b{j + 1} [{lower[j]:F3}, {upper[j]:F3}] misses the truth {truth[j]}");
        }
    }
}
