using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// The case that motivated recipes (issue 15): a new user names only the method, the problem with its CSV files and the
/// network. Before, that ran 100 epochs of the defaults and selected nothing; the problem's Section 6.1 recipe now
/// supplies the twenty settings the paper's experiment needs.
/// </summary>
public sealed class RecipeRecoveryTests
{
    [Fact]
    public void Psgld_sa_with_only_a_method_and_csv_files_recovers_the_true_support()
    {
        using var temp = new TempDirectory();
        var train = HostRun.Invoke(["generate", "--problem", "linear-regression", "--samples", "100", "--out", temp.File("train.csv")]);
        var test = HostRun.Invoke(["generate", "--problem", "linear-regression", "--samples", "100", "--out", temp.File("test.csv"),
            "--set", "DataSeed=2"]);
        Assert.True(train.ExitCode == 0 && test.ExitCode == 0, train.Error + test.Error);
        var run = new Dictionary<string, object?>
        {
            ["Name"] = "new-user",
            ["Method"] = "PSGLD-SA",
            ["Problem"] = new Dictionary<string, object?>
            {
                ["Name"] = "linear-regression",
                ["Options"] = new Dictionary<string, object?> { ["TrainFile"] = temp.File("train.csv"), ["TestFile"] = temp.File("test.csv") },
            },
            ["Network"] = new Dictionary<string, object?> { ["Name"] = "linear" },
        };

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));

        Assert.True(result.ExitCode == 0, result.Error);
        var summary = RegressionRuns.Summary(temp, "new-user");
        Assert.Equal([1, 2], RegressionRuns.Ints(summary.GetProperty("selected")));
    }
}
