using SparsePlugins.Host;

namespace SparsePlugins.Tests.Support;

/// <summary>Interrupt-and-resume against an uninterrupted run of the same configuration.</summary>
public static class ResumeCheck
{
    /// <summary>
    /// Runs <paramref name="run"/> once whole; then again, cancelled as soon as its first periodic checkpoint exists
    /// (the chain stops after whatever step it is in, which depends on the machine), and resumed with --resume. The
    /// resumed run's samples and final model must equal the whole run's bit for bit, whatever the stopping point.
    /// </summary>
    public static async Task StoppedAfterACheckpointEndsAsUninterrupted(Func<Dictionary<string, object?>> run)
    {
        var name = (string)run()["Name"]!;
        var training = (Dictionary<string, object?>)run()["Training"]!;
        int epochs = (int)training["Epochs"]!, every = (int)training["CheckpointEvery"]!;
        using var reference = new TempDirectory();
        var whole = HostRun.Invoke("run", "--config", RunConfig.Write(reference, run()));
        Assert.True(whole.ExitCode == 0, whole.Error);

        using var temp = new TempDirectory();
        var config = RunConfig.Write(temp, run());
        var checkpoint = Path.Combine(temp.File("out"), name, "checkpoints", "chain0.ckpt");
        using var cancel = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!File.Exists(checkpoint) && !cancel.IsCancellationRequested) await Task.Delay(2);
            cancel.Cancel();
        });
        int code = HostApplication.Run(["run", "--config", config], new StringWriter(), new StringWriter(), cancel.Token);
        cancel.Cancel();
        await watcher;
        Assert.True(code == SparsePlugins.Host.Cli.ExitCodes.Interrupted, $"exit {code}: the run ended before it could be stopped");
        var stoppedAt = File.ReadAllLines(Path.Combine(temp.File("out"), name, "metrics.csv")).Length - 1;
        Assert.InRange(stoppedAt, every, epochs - 1);

        var resumed = HostRun.Invoke("run", "--config", config, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        var expected = Path.Combine(reference.File("out"), name);
        var actual = Path.Combine(temp.File("out"), name);
        Assert.Equal(File.ReadAllText(Path.Combine(expected, "samples.csv")), File.ReadAllText(Path.Combine(actual, "samples.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(expected, "model-chain0.dat")), File.ReadAllBytes(Path.Combine(actual, "model-chain0.dat")));
    }
}
