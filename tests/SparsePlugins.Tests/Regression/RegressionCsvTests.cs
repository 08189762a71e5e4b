using System.Text.Json;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>User data: TrainFile/TestFile CSVs, their errors, and that they mean exactly what synthetic data means.</summary>
public sealed class RegressionCsvTests
{
    private const string GoodTest = "x1,x2,y\n1,2,3\n4,5,6\n";

    [Theory]
    [InlineData("x1,z2,y\n1,2,3\n", "line 1", "column 2 is 'z2' but must be 'x2'")]
    [InlineData("x1,x2,target\n1,2,3\n", "line 1", "the last column is 'target' but must be 'y'")]
    [InlineData("x1,x2,y\n1,2,3\n4,5\n", "line 3", "2 values but the header has 3 columns")]
    [InlineData("x1,x2,y\n1,abc,3\n", "line 2, column 'x2'", "'abc' is not a finite number")]
    [InlineData("x1,x2,y\n1,NaN,3\n", "line 2, column 'x2'", "'NaN' is not a finite number")]
    [InlineData("x1,x2,y\n", "train.csv", "has a header but no data rows")]
    [InlineData("", "train.csv", "is empty")]
    public void A_malformed_train_file_is_refused_before_any_run_naming_file_line_and_fix(string content, string where, string what)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("train.csv"), content);
        File.WriteAllText(temp.File("test.csv"), GoodTest);

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp,
            RegressionRuns.CsvRun("bad", temp.File("train.csv"), temp.File("test.csv"), epochs: 5, burnIn: 1)));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Run 'bad': Invalid options of problem 'linear-regression'", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")), "the file is checked while the configuration is validated");
        Assert.Contains("TrainFile", result.Error, StringComparison.Ordinal);
        Assert.Contains(temp.File("train.csv"), result.Error, StringComparison.Ordinal);
        Assert.Contains(where, result.Error, StringComparison.Ordinal);
        Assert.Contains(what, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_reported_with_the_resolved_path_and_the_current_directory()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("test.csv"), GoodTest);

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp,
            RegressionRuns.CsvRun("missing", "no-such-folder/train.csv", temp.File("test.csv"), epochs: 5, burnIn: 1)));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TrainFile 'no-such-folder/train.csv' does not exist", result.Error, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath("no-such-folder/train.csv"), result.Error, StringComparison.Ordinal);
        Assert.Contains("current directory", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_and_test_files_with_different_columns_are_refused()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("train.csv"), "x1,x2,x3,y\n1,2,3,4\n");
        File.WriteAllText(temp.File("test.csv"), GoodTest);

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp,
            RegressionRuns.CsvRun("mismatch", temp.File("train.csv"), temp.File("test.csv"), epochs: 5, burnIn: 1)));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has 2 predictors but TrainFile", result.Error, StringComparison.Ordinal);
        Assert.Contains("has 3", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_train_file_without_a_test_file_is_a_configuration_error()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("train.csv"), GoodTest);
        var run = RegressionRuns.Run("half", new Dictionary<string, object?> { ["TrainFile"] = temp.File("train.csv") });

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TrainFile needs TestFile", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_data_written_by_generate_gives_the_same_posterior_as_the_synthetic_data_it_came_from()
    {
        using var temp = new TempDirectory();
        string[] shape = ["--set", "Predictors=10"];
        var train = HostRun.Invoke(["generate", "--problem", "linear-regression", "--samples", "50", "--out", temp.File("train.csv"),
            .. shape, "--set", "DataSeed=1"]);
        var test = HostRun.Invoke(["generate", "--problem", "linear-regression", "--samples", "30", "--out", temp.File("test.csv"),
            .. shape, "--set", "DataSeed=2"]);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.True(test.ExitCode == 0, test.Error);
        Assert.StartsWith("x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,y", File.ReadAllText(temp.File("train.csv")), StringComparison.Ordinal);

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp,
            RegressionRuns.Run("synthetic"), RegressionRuns.CsvRun("csv", temp.File("train.csv"), temp.File("test.csv"))));

        Assert.True(result.ExitCode == 0, result.Error);
        var synthetic = RegressionRuns.Summary(temp, "synthetic");
        var csv = RegressionRuns.Summary(temp, "csv");
        var a = RegressionRuns.Doubles(synthetic.GetProperty("posteriorMean"));
        var b = RegressionRuns.Doubles(csv.GetProperty("posteriorMean"));
        Assert.Equal(10, a.Length);
        Assert.Equal(a.Length, b.Length);
        for (int j = 0; j < a.Length; j++) Assert.True(Math.Abs(a[j] - b[j]) <= 1e-9, $"b_{j + 1}: {a[j]} vs {b[j]}");
        Assert.Equal(synthetic.GetProperty("mse").GetDouble(), csv.GetProperty("mse").GetDouble(), 9);

        // With user data the truth is unknown, so nothing that needs it is reported.
        Assert.True(synthetic.TryGetProperty("coverage95", out _));
        Assert.False(csv.TryGetProperty("trueCoefficients", out _));
        Assert.False(csv.TryGetProperty("coverage95", out _));
        Assert.False(csv.TryGetProperty("leastSquaresOnTrueSupport", out _));
        Assert.Equal(JsonValueKind.Array, csv.GetProperty("selected").ValueKind);
    }
}
