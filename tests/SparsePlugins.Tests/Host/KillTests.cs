using System.Diagnostics;
using System.Text.Json;
using SparsePlugins.Host.Training;
using SparsePlugins.Tests.Support;
using Xunit.Abstractions;

namespace SparsePlugins.Tests.Host;

/// <summary>
/// SIGKILL gives a process no chance to clean up: what survives is whatever is on disk. The host runs as a child
/// process writing a checkpoint every epoch (a small regression chain spends most of its time writing them, so the
/// kill often lands mid-write) and is killed; the checkpoint on disk must still be whole, and <c>--resume</c> must finish
/// the run from it.
/// </summary>
public sealed class KillTests(ITestOutputHelper log)
{
    [Fact]
    public void A_run_killed_while_checkpointing_leaves_a_valid_checkpoint_that_resumes()
    {
        using var temp = new TempDirectory();
        var run = RunConfig.Regression("killed", method: "PSGLD", epochs: 1_000_000, burnIn: 10);
        run["Training"] = new Dictionary<string, object?>
        {
            ["Epochs"] = 1_000_000, ["BurnIn"] = 10, ["CheckpointEvery"] = 1, ["MaxMinutes"] = 5, ["LogEverySeconds"] = 60,
        };
        var config = RunConfig.Write(temp, run);
        var checkpoint = Path.Combine(temp.File("out"), "killed", "checkpoints", ChainCheckpoint.FileName(0));

        using (var child = HostProcess.Start("run", "--config", config))
        {
            Assert.True(WaitFor(() => File.Exists(checkpoint) || child.HasExited, TimeSpan.FromSeconds(120)),
                "the child wrote no checkpoint within 2 minutes");
            Assert.False(child.HasExited, "the child ended before it could be killed (exit code " +
                (child.HasExited ? child.ExitCode : 0) + ")");
            Thread.Sleep(Random.Shared.Next(20, 400));
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        log.WriteLine($"killed; left in checkpoints/: {string.Join(", ", Directory.GetFiles(Path.GetDirectoryName(checkpoint)!).Select(Path.GetFileName))}");

        var (json, tensors) = TensorArchive.Read(checkpoint, "checkpoint");
        foreach (var tensor in tensors.Values) tensor.Dispose();
        Assert.Contains("Iteration", json, StringComparison.Ordinal);

        // The budget is not part of the configuration hash, so the resumed run may stop sooner.
        var resumed = HostRun.Invoke("run", "--config", config, "--resume", "--Runs:0:Training:MaxMinutes=0.02");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "killed", "status.json")));
        Assert.Equal("Completed", status.RootElement.GetProperty("status").GetString());
        Assert.False(Directory.Exists(Path.GetDirectoryName(checkpoint)), "a completed run keeps no checkpoints (nor partial ones)");
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) return false;
            Thread.Sleep(20);
        }
        return true;
    }
}
