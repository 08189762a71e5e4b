using SparsePlugins.Abstractions;
using System.Text.Json;
using SparsePlugins.Host;
using SparsePlugins.Host.Training;
using SparsePlugins.Tests.Support;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Host;

/// <summary>Checkpoints, resume and run-folder policies (issue 12).</summary>
public sealed class CheckpointResumeTests
{
    /// <summary>PSGLD-SA: a sampler with state (the RMSprop preconditioner) and the SSGL prior with pruning.</summary>
    private static Dictionary<string, object?> Run()
    {
        var run = RunConfig.Regression("resumed", method: "PSGLD-SA", epochs: 60, burnIn: 20);
        ((Dictionary<string, object?>)run["Training"]!)["BatchSize"] = 10;
        return run;
    }

    [Fact]
    public void A_run_interrupted_and_resumed_ends_bitwise_identical_to_an_uninterrupted_one()
    {
        using var reference = new TempDirectory();
        var whole = HostRun.Invoke("run", "--config", RunConfig.Write(reference, Run()));
        Assert.True(whole.ExitCode == 0, whole.Error);

        using var temp = new TempDirectory();
        var config = RunConfig.Write(temp, Run());
        var metrics = Path.Combine(temp.File("out"), "resumed", "metrics.csv");
        // Cancelled from the start: the chain finishes its first step, checkpoints in the middle of epoch 1 and stops
        // (deterministic; a watcher cancelling at a later epoch made the test depend on the machine's speed).
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = HostApplication.Run(["run", "--config", config], output, error, cancel.Token);
        Assert.True(code == SparsePlugins.Host.Cli.ExitCodes.Interrupted, $"exit {code}: {error}");
        var directory = Path.Combine(temp.File("out"), "resumed");
        Assert.Contains("\"Interrupted\"", File.ReadAllText(Path.Combine(directory, "status.json")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "checkpoints", "chain0.ckpt")));

        var refused = HostRun.Invoke("run", "--config", config);
        Assert.Equal(SparsePlugins.Host.Cli.ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains("--resume", refused.Error, StringComparison.Ordinal);

        var resumed = HostRun.Invoke("run", "--config", config, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.False(Directory.Exists(Path.Combine(directory, "checkpoints")));
        var referenceDirectory = Path.Combine(reference.File("out"), "resumed");
        Assert.Equal(File.ReadAllText(Path.Combine(referenceDirectory, "samples.csv")), File.ReadAllText(Path.Combine(directory, "samples.csv")));
        // The weights (samples.csv, the saved model) are compared bit for bit; metrics.csv to 1e-12 relative, because a
        // test-set reduction in libtorch may round its last bit differently from one process to the next (seen: MAE).
        var expected = Numbers(Path.Combine(referenceDirectory, "metrics.csv"));
        var actual = Numbers(metrics);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            for (int j = 0; j < expected[i].Length; j++)
            {
                Assert.True(Math.Abs(expected[i][j] - actual[i][j]) <= 1e-12 * Math.Abs(expected[i][j]) || (double.IsNaN(expected[i][j]) && double.IsNaN(actual[i][j])),
                    $"metrics.csv row {i + 1}, column {j}: {expected[i][j]:R} against {actual[i][j]:R}");
            }
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(referenceDirectory, "model-chain0.dat")), File.ReadAllBytes(Path.Combine(directory, "model-chain0.dat")));
    }

    /// <remarks>
    /// Stopped well after its start: the first periodic checkpoint (epoch 25 of 3000) is the signal to cancel, and the
    /// chain stops after whatever step it is in when it sees the cancellation. Where exactly depends on the machine;
    /// the assertion holds for every stopping point, which is the property resume must have.
    /// </remarks>
    [Fact]
    public async Task A_run_stopped_at_a_later_epoch_and_resumed_ends_with_the_weights_of_an_uninterrupted_one()
    {
        static Dictionary<string, object?> Long()
        {
            var run = RunConfig.Regression("later", method: "PSGLD-SA", epochs: 3000, burnIn: 100);
            var training = (Dictionary<string, object?>)run["Training"]!;
            training["BatchSize"] = 10;
            training["CheckpointEvery"] = 25;
            return run;
        }
        await ResumeCheck.StoppedAfterACheckpointEndsAsUninterrupted(Long);
    }

    [Fact]
    public void A_completed_run_is_kept_by_resume_and_replaced_by_overwrite()
    {
        using var temp = new TempDirectory();
        var config = RunConfig.Write(temp, RunConfig.Regression("kept", epochs: 20, burnIn: 5));
        Assert.Equal(0, HostRun.Invoke("run", "--config", config).ExitCode);
        var directory = Path.Combine(temp.File("out"), "kept");
        File.WriteAllText(Path.Combine(directory, "stale.txt"), "left by an older run");

        var resumed = HostRun.Invoke("run", "--config", config, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.True(File.Exists(Path.Combine(directory, "stale.txt")));
        Assert.Contains("| kept |", resumed.Output, StringComparison.Ordinal);

        var overwritten = HostRun.Invoke("run", "--config", config, "--overwrite");
        Assert.True(overwritten.ExitCode == 0, overwritten.Error);
        Assert.False(File.Exists(Path.Combine(directory, "stale.txt")));
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "status.json")));
        Assert.Equal("Completed", status.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void The_comparison_covers_every_run_folder_whichever_command_wrote_last()
    {
        using var temp = new TempDirectory();
        var first = RunConfig.Write(temp, RunConfig.Regression("first", epochs: 20, burnIn: 5));
        var second = RunConfig.Write(temp, RunConfig.Regression("second", epochs: 20, burnIn: 5));
        Assert.Equal(0, HostRun.Invoke("run", "--config", first).ExitCode);
        Assert.Equal(0, HostRun.Invoke("run", "--config", second).ExitCode);
        var table = File.ReadAllText(Path.Combine(temp.File("out"), "comparison.md"));
        Assert.Contains("| first |", table, StringComparison.Ordinal);
        Assert.Contains("| second |", table, StringComparison.Ordinal);

        File.Delete(Path.Combine(temp.File("out"), "comparison.md"));
        var report = HostRun.Invoke("report", "--output", temp.File("out"));
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Equal(table, File.ReadAllText(Path.Combine(temp.File("out"), "comparison.md")));
        var missing = HostRun.Invoke("report", "--output", temp.File("nowhere"));
        Assert.Equal(SparsePlugins.Host.Cli.ExitCodes.BadInput, missing.ExitCode);
        Assert.Contains("not a folder", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_checkpoint_is_refused_naming_the_file()
    {
        using var temp = new TempDirectory();
        var path = temp.File("chain0.ckpt");
        using (var a = tensor(new double[] { 0, 1, 2, 3, 4, 5 }))
        {
            TensorArchive.Write(path, "{}", new Dictionary<string, Tensor> { ["a"] = a });
        }
        var (json, tensors) = TensorArchive.Read(path, "checkpoint");
        Assert.Equal("{}", json);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], tensors["a"].data<double>().ToArray());
        tensors["a"].Dispose();

        // A process killed while writing leaves a partial temporary file; the checkpoint itself is untouched.
        File.WriteAllBytes(path + ".tmp", File.ReadAllBytes(path)[..20]);
        TensorArchive.Read(path, "checkpoint").Tensors["a"].Dispose();

        var bytes = File.ReadAllBytes(path);
        bytes[^40] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<SparsePlugins.Abstractions.InvalidInputException>(() => TensorArchive.Read(path, "checkpoint"));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        File.WriteAllBytes(path, bytes[..50]);
        Assert.Throws<SparsePlugins.Abstractions.InvalidInputException>(() => TensorArchive.Read(path, "checkpoint"));
    }

    /// <summary>metrics.csv without its header and its wall-clock column; empty cells as NaN.</summary>
    private static double[][] Numbers(string path)
    {
        var lines = File.ReadAllLines(path);
        int column = Array.IndexOf(lines[0].Split(','), "seconds");
        return lines.Skip(1).Select(l => l.Split(',').Where((_, i) => i != column)
            .Select(c => c.Length == 0 ? double.NaN : double.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }
}
