using SparsePlugins.Abstractions;
using System.Text.Json;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

/// <summary><c>run --shard i/n</c>: which runs a share holds, and shares running at once into one output folder.</summary>
public sealed class ShardTests
{
    [Theory]
    [InlineData("0/1", new[] { 0, 1, 2, 3, 4 })]
    [InlineData("1/3", new[] { 1, 4 })]
    [InlineData("4/5", new[] { 4 })]
    [InlineData("5/6", new int[0])]
    public void A_shard_holds_the_positions_congruent_to_its_index(string text, int[] expected)
    {
        var shard = Shard.Parse(text);
        Assert.Equal(expected, shard.Select(Enumerable.Range(0, 5).ToList()));
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("1")]
    [InlineData("-1/2")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    public void A_malformed_shard_names_the_form_and_the_slurm_variables(string text)
    {
        var error = Assert.Throws<InvalidInputException>(() => Shard.Parse(text));
        Assert.Contains("must be i/n with 0 <= i < n", error.Message, StringComparison.Ordinal);
        Assert.Contains("$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_prints_the_runs_of_the_shard_and_runs_nothing()
    {
        using var temp = new TempDirectory();
        var config = RunConfig.Write(temp, RunConfig.Regression("a"), RunConfig.Regression("b"), RunConfig.Regression("c"));

        var result = HostRun.Invoke("run", "--config", config, "--shard", "1/2", "--list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["b"], result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.False(Directory.Exists(temp.File("out")));
    }

    /// <remarks>
    /// Three processes, as three array tasks, share four runs and one output folder: every run completes, nothing is
    /// left half-written, and the report equals the comparison of one process running all four (same seeds).
    /// </remarks>
    [Fact]
    public void Three_shards_in_three_processes_give_the_unsharded_result()
    {
        using var temp = new TempDirectory();
        var runs = Enumerable.Range(0, 4).Select(k => (object)RunConfig.Regression($"r{k}", seed: 20 + k)).ToArray();
        var config = RunConfig.Write(temp, runs);

        var tasks = new[] { "0/3", "1/3", "2/3" }.Select(shard => HostProcess.Start("run", "--config", config, "--shard", shard)).ToList();
        foreach (var task in tasks)
        {
            Assert.True(task.WaitForExit(TimeSpan.FromMinutes(5)), "a shard did not finish within 5 minutes");
            task.WaitForExit();
            Assert.Equal(0, task.ExitCode);
            task.Dispose();
        }

        var output = temp.File("out");
        foreach (var run in Enumerable.Range(0, 4).Select(k => $"r{k}"))
        {
            using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, run, "status.json")));
            Assert.Equal("Completed", status.RootElement.GetProperty("status").GetString());
        }
        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(0, HostRun.Invoke("report", "--output", output).ExitCode);
        Assert.Equal(0, HostRun.Invoke("run", "--config", config, "--Output=" + temp.File("single")).ExitCode);
        Assert.Equal(ComparisonFile.Numbers(temp.File("single")), ComparisonFile.Numbers(output));
    }
}
