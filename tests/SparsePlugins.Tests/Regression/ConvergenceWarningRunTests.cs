using System.Globalization;
using System.Text.Json;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// A run too short to trust, as a new user would write it (a method name and the built-in Section 6.1 data, n = 100,
/// p = 200, none of the recipe's settings), must say so: in the log, summary.json and comparison.md, each with its fix.
/// </summary>
public sealed class ConvergenceWarningRunTests
{
    [Fact]
    public void A_too_short_run_warns_in_the_log_the_summary_and_the_comparison()
    {
        using var temp = new TempDirectory();
        var run = new Dictionary<string, object?>
        {
            ["Name"] = "short",
            ["Seed"] = 1,
            ["Method"] = "PSGLD-SA",
            ["Problem"] = new Dictionary<string, object?> { ["Name"] = "linear-regression" },
            ["Network"] = new Dictionary<string, object?> { ["Name"] = "linear" },
            // 60 full-batch iterations, 40 kept per chain: 80 samples, far below what R-hat and ESS need.
            ["Training"] = new Dictionary<string, object?> { ["Epochs"] = 60, ["BurnIn"] = 20, ["Thinning"] = 1, ["Chains"] = 2 },
        };

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));

        Assert.True(result.ExitCode == 0, result.Error);
        var warnings = RegressionRuns.Summary(temp, "short").GetProperty("warnings").EnumerateArray().ToList();
        Assert.Contains(warnings, w => w.GetProperty("quantity").GetString() == "samples");
        Assert.Contains(warnings, w => w.GetProperty("message").GetString()!.Contains("bulk ESS", StringComparison.Ordinal)
            || w.GetProperty("message").GetString()!.Contains("R-hat", StringComparison.Ordinal));
        Assert.All(warnings, w =>
        {
            Assert.Contains(w.GetProperty("severity").GetString(), new[] { "warning", "strong" });
            Assert.False(string.IsNullOrWhiteSpace(w.GetProperty("fix").GetString()));
        });
        // The comparison the run prints carries them too (the log's lines go to the console logger, not captured here).
        Assert.Contains("## Warnings", result.Output, StringComparison.Ordinal);

        var table = File.ReadAllText(Path.Combine(temp.File("out"), "comparison.md"));
        Assert.Contains("## Warnings", table, StringComparison.Ordinal);
        Assert.Contains("- short, ", table, StringComparison.Ordinal);
        Assert.Contains("Fix: ", table, StringComparison.Ordinal);
        var csv = File.ReadAllLines(Path.Combine(temp.File("out"), "comparison.csv"));
        int column = Array.IndexOf(csv[0].Split(','), "warnings");
        Assert.True(column >= 0);
        Assert.NotEqual("none", csv[1].Split(',')[column]);

        // report rebuilds the same warnings from summary.json alone.
        File.Delete(Path.Combine(temp.File("out"), "comparison.md"));
        var report = HostRun.Invoke("report", "--output", temp.File("out"));
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Equal(WarningsSection(table), WarningsSection(File.ReadAllText(Path.Combine(temp.File("out"), "comparison.md"))));
    }

    [Fact]
    public void Undecided_inclusions_are_listed_with_the_monte_carlo_error_the_summary_reports()
    {
        using var temp = new TempDirectory();
        // The too-short run above, with both chains in the posterior (its LogJoint selection keeps one, which has no
        // spread to measure an error by): b1 is undecided after 60 iterations.
        var run = new Dictionary<string, object?>
        {
            ["Name"] = "two",
            ["Seed"] = 1,
            ["Method"] = "PSGLD-SA",
            ["Problem"] = new Dictionary<string, object?> { ["Name"] = "linear-regression" },
            ["Network"] = new Dictionary<string, object?> { ["Name"] = "linear" },
            ["Training"] = new Dictionary<string, object?>
            {
                ["Epochs"] = 60, ["BurnIn"] = 20, ["Thinning"] = 1, ["Chains"] = 2, ["ChainSelection"] = "All",
            },
        };

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));

        Assert.True(result.ExitCode == 0, result.Error);
        var summary = RegressionRuns.Summary(temp, "two");
        var inclusion = RegressionRuns.Doubles(summary.GetProperty("inclusionProbability"));
        var mcse = RegressionRuns.Doubles(summary.GetProperty("inclusionMcse"));
        Assert.Equal(200, mcse.Length);
        Assert.All(mcse, e => Assert.True(e >= 0 && double.IsFinite(e)));
        var warning = Assert.Single(summary.GetProperty("warnings").EnumerateArray(),
            w => w.GetProperty("quantity").GetString() == "inclusion");
        int j = Enumerable.Range(0, inclusion.Length).First(k => inclusion[k] > 0.1 && inclusion[k] < 0.9);
        string expected = string.Create(CultureInfo.InvariantCulture, $"b{j + 1} {inclusion[j]:0.00} +- {mcse[j]:0.00}");
        Assert.Contains(expected, warning.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    /// <summary>comparison.md from "## Warnings" to the next section (a problem's own tables follow it).</summary>
    private static string WarningsSection(string table)
    {
        var start = table.IndexOf("## Warnings", StringComparison.Ordinal);
        var end = table.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? table[start..] : table[start..end];
    }

    [Fact]
    public void The_summary_reports_rhat_over_all_chains_when_chain_selection_leaves_some_out()
    {
        using var temp = new TempDirectory();
        var run = RegressionRuns.Run("selected", epochs: 300, burnIn: 100);
        run["Method"] = "SGLD-SA";
        var training = (Dictionary<string, object?>)run["Training"]!;
        training["Chains"] = 3;
        training["ChainSelection"] = "LogJoint";
        // A negative tolerance is not allowed; zero keeps only the best chain, so two are always left out.
        training["ChainSelectionTolerance"] = 0;

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));

        Assert.True(result.ExitCode == 0, result.Error);
        var summary = RegressionRuns.Summary(temp, "selected");
        Assert.Single(RegressionRuns.Ints(summary.GetProperty("chainSelection").GetProperty("kept")));
        // One kept chain has no spread to measure its inclusion probabilities' Monte Carlo error by.
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("inclusionMcse").ValueKind);
        var all = summary.GetProperty("convergenceAllChains");
        var kept = summary.GetProperty("convergence");
        Assert.Equal(JsonValueKind.Number, all.GetProperty("testLossRHat").ValueKind);
        Assert.Equal(JsonValueKind.Number, kept.GetProperty("testLossRHat").ValueKind);
        Assert.Equal(JsonValueKind.Number, all.GetProperty("logJointRHat").ValueKind);
        Assert.Equal(10, all.GetProperty("weightRHat").GetArrayLength());
        Assert.NotEqual(all.GetProperty("testLossRHat").GetDouble().ToString(CultureInfo.InvariantCulture),
            kept.GetProperty("testLossRHat").GetDouble().ToString(CultureInfo.InvariantCulture));
    }
}
