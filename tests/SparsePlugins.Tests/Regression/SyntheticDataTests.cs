using System.Globalization;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>The two readings of the paper's test 2 (docs/regression.md, "Test 2: two readings").</summary>
public sealed class SyntheticDataTests
{
    [Fact]
    public void Scaling_after_the_response_keeps_test_1s_y_and_scales_only_the_first_column()
    {
        using var temp = new TempDirectory();
        var test1 = Generate(temp, "test1.csv");
        var after = Generate(temp, "after.csv", "FirstColumnScale=0.3", "ScaleAfterResponse=true");
        var before = Generate(temp, "before.csv", "FirstColumnScale=0.3");

        for (int i = 0; i < test1.Length; i++)
        {
            Assert.Equal(test1[i][^1], after[i][^1], 12);
            Assert.Equal(0.3 * test1[i][0], after[i][0], 12);
            Assert.Equal(0.3 * test1[i][0], before[i][0], 12);
            for (int j = 1; j < test1[i].Length - 1; j++)
            {
                Assert.Equal(test1[i][j], after[i][j], 12);
                Assert.Equal(test1[i][j], before[i][j], 12);
            }
            // Scaling before the response weakens b_1's signal: y loses 0.7 b_1 x_1 = 2.1 x_1 (the noise draws are the same).
            Assert.Equal(test1[i][^1] - 2.1 * test1[i][0], before[i][^1], 9);
        }
    }

    [Fact]
    public void The_true_coefficient_of_a_column_scaled_after_the_response_is_b1_over_the_scale()
    {
        using var temp = new TempDirectory();
        var run = RegressionRuns.Run("after", new Dictionary<string, object?> { ["FirstColumnScale"] = 0.3, ["ScaleAfterResponse"] = true },
            epochs: 20, burnIn: 10);
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));
        Assert.True(result.ExitCode == 0, result.Error);
        var truth = RegressionRuns.Doubles(RegressionRuns.Summary(temp, "after").GetProperty("trueCoefficients"));
        Assert.Equal(10.0, truth[0], 12);
        Assert.Equal(1.0, truth[1], 12);
    }

    [Fact]
    public void Scaling_a_column_by_zero_after_the_response_is_refused()
    {
        using var temp = new TempDirectory();
        var run = RegressionRuns.Run("zero", new Dictionary<string, object?> { ["FirstColumnScale"] = 0.0, ["ScaleAfterResponse"] = true },
            epochs: 5, burnIn: 1);
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ScaleAfterResponse", result.Error, StringComparison.Ordinal);
    }

    private static double[][] Generate(TempDirectory temp, string name, params string[] settings)
    {
        string[] args = ["generate", "--problem", "linear-regression", "--samples", "20", "--out", temp.File(name), "--set", "Predictors=5",
            .. settings.SelectMany(s => new[] { "--set", s })];
        var result = HostRun.Invoke(args);
        Assert.True(result.ExitCode == 0, result.Error);
        return File.ReadAllLines(temp.File(name)).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }
}
