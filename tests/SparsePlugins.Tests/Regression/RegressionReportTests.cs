using System.Globalization;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>The regression's summary.json entries, checked against the kept samples recomputed independently.</summary>
public sealed class RegressionReportTests
{
    [Fact]
    public void The_summary_reports_posterior_intervals_selection_coverage_errors_and_the_oracle_fit()
    {
        using var temp = new TempDirectory();

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, RegressionRuns.Run("report")));

        Assert.True(result.ExitCode == 0, result.Error);
        var summary = RegressionRuns.Summary(temp, "report");
        var samples = RegressionRuns.WeightSamples(temp, "report");
        int p = 10;
        Assert.Equal(100, samples.Length);
        Assert.All(samples, s => Assert.Equal(p, s.Length));

        var mean = RegressionRuns.Doubles(summary.GetProperty("posteriorMean"));
        var sd = RegressionRuns.Doubles(summary.GetProperty("posteriorSd"));
        var interval = summary.GetProperty("credibleInterval95");
        var lower = RegressionRuns.Doubles(interval.GetProperty("lower"));
        var upper = RegressionRuns.Doubles(interval.GetProperty("upper"));
        Assert.Equal("samples", interval.GetProperty("method").GetString());
        for (int j = 0; j < p; j++)
        {
            var column = samples.Select(s => s[j]).Order().ToArray();
            double m = column.Average();
            Assert.Equal(m, mean[j], 9);
            Assert.Equal(Math.Sqrt(column.Sum(x => (x - m) * (x - m)) / (column.Length - 1)), sd[j], 9);
            // 2.5% of 100 samples: position 0.025 * 99 = 2.475 between the 3rd and 4th smallest.
            Assert.Equal(column[2] + 0.475 * (column[3] - column[2]), lower[j], 9);
            Assert.Equal(column[96] + 0.525 * (column[97] - column[96]), upper[j], 9);
            Assert.True(lower[j] <= mean[j] && mean[j] <= upper[j]);
        }

        // The gaussian prior gives no inclusion probabilities, so selection falls back to the intervals.
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("inclusionProbability").ValueKind);
        Assert.Equal("credibleInterval95 excludes 0", summary.GetProperty("selectedBy").GetString());
        var expectedSelected = Enumerable.Range(0, p).Where(j => lower[j] > 0 || upper[j] < 0).Select(j => j + 1).ToArray();
        Assert.Equal(expectedSelected, RegressionRuns.Ints(summary.GetProperty("selected")));
        Assert.Contains(1, expectedSelected);

        var truth = RegressionRuns.Doubles(summary.GetProperty("trueCoefficients"));
        Assert.Equal(new double[] { 3, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, truth);
        double covered = Enumerable.Range(0, p).Count(j => lower[j] <= truth[j] && truth[j] <= upper[j]) / (double)p;
        Assert.Equal(covered, summary.GetProperty("coverage95").GetDouble(), 12);

        var final = summary.GetProperty("finalMetrics");
        Assert.Equal(final.GetProperty("bma_test_mse").GetDouble(), summary.GetProperty("mse").GetDouble(), 9);
        Assert.Equal(final.GetProperty("bma_test_mae").GetDouble(), summary.GetProperty("mae").GetDouble(), 9);

        var oracle = summary.GetProperty("leastSquaresOnTrueSupport");
        Assert.Equal(new[] { 1, 2 }, RegressionRuns.Ints(oracle.GetProperty("support")));
        var expected = OracleFit(temp);
        var fitted = RegressionRuns.Doubles(oracle.GetProperty("coefficients"));
        Assert.Equal(expected[0], fitted[0], 9);
        Assert.Equal(expected[1], fitted[1], 9);

        var table = File.ReadAllText(Path.Combine(temp.File("out"), "comparison.md"));
        Assert.Contains("| b1_mean | b1_sd | b2_mean | b2_sd | selected | coverage95 |", table, StringComparison.Ordinal);
    }

    /// <summary>
    /// Least squares of y on x1, x2 of the run's training data, which the test regenerates with the generate
    /// command from the run's own options.
    /// </summary>
    private static double[] OracleFit(TempDirectory temp)
    {
        var file = temp.File("oracle-train.csv");
        var generated = HostRun.Invoke("generate", "--problem", "linear-regression", "--samples", "50", "--out", file,
            "--set", "Predictors=10", "--set", "DataSeed=1");
        Assert.True(generated.ExitCode == 0, generated.Error);
        var rows = File.ReadAllLines(file).Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var x = Matrix<double>.Build.Dense(rows.Length, 2, (i, j) => rows[i][j]);
        var y = Vector<double>.Build.DenseOfArray(rows.Select(r => r[^1]).ToArray());
        return (x.TransposeThisAndMultiply(x)).Solve(x.TransposeThisAndMultiply(y)).ToArray();
    }

    /// <remarks>As after a sweep run as a Slurm array: the cross-run figures come back from the run folders alone.</remarks>
    [Fact]
    public void The_report_command_redraws_the_cross_run_figures_from_the_run_folders()
    {
        using var temp = new TempDirectory();
        var config = RunConfig.Write(temp, RunConfig.Regression("a", method: "SGLD-SA", seed: 1), RunConfig.Regression("b", seed: 2));
        Assert.Equal(0, HostRun.Invoke("run", "--config", config).ExitCode);
        var output = temp.File("out");
        var figures = Directory.GetFiles(output, "regression-*.png");
        Assert.NotEmpty(figures);
        foreach (var figure in figures) File.Delete(figure);

        var report = HostRun.Invoke("report", "--output", output);

        Assert.True(report.ExitCode == 0, report.Error);
        Assert.All(figures, f => Assert.True(new FileInfo(f).Length > 10_000, $"{Path.GetFileName(f)} was not redrawn"));
    }
}
