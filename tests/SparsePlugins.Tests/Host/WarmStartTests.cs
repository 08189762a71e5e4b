using System.Globalization;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

/// <summary><c>Training:InitFrom</c>: a chain starts from an earlier run's final parameters.</summary>
public sealed class WarmStartTests
{
    /// <remarks>
    /// "warm" and "cold" take one full-batch step of 1e-9 (Langevin noise sd 4.5e-5): their first epoch's test MSE is
    /// that of their starting parameters. Warm starts where "trained" ended, so it matches trained's last epoch to
    /// within the step's effect (relative 1e-3 is ~20x more than it); cold starts from the network's initialisation, whose
    /// MSE is the signal's full variance, several times larger.
    /// </remarks>
    [Fact]
    public void A_warm_chain_starts_where_the_earlier_run_ended()
    {
        using var temp = new TempDirectory();
        var trained = RunConfig.Regression("trained", epochs: 40, burnIn: 20);
        var warm = Start("warm", temp.File("out/trained"));
        var cold = Start("cold", null);

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, trained, warm, cold));

        Assert.True(result.ExitCode == 0, result.Error);
        double trainedEnd = TestMse(temp, "trained").Last();
        double warmStart = TestMse(temp, "warm")[0], coldStart = TestMse(temp, "cold")[0];
        Assert.Equal(trainedEnd, warmStart, trainedEnd * 1e-3);
        Assert.True(coldStart > 3 * trainedEnd, $"cold {coldStart} against trained {trainedEnd}");
    }

    [Fact]
    public void A_missing_source_fails_the_run_with_exit_2_and_names_the_option()
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, Start("warm", temp.File("nowhere"))));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Training:InitFrom", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_of_another_network_shape_fails_with_exit_2()
    {
        using var temp = new TempDirectory();
        var trained = RunConfig.Regression("trained", epochs: 4, burnIn: 2);
        var warm = Start("warm", temp.File("out/trained"));
        Options(warm)["Predictors"] = 12;

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, trained, warm));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not fit this run's network", result.Output + result.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.File("out/trained/summary.json")), "the finished run's outputs are kept");
    }

    private static Dictionary<string, object?> Start(string name, string? initFrom)
    {
        var run = RunConfig.Regression(name, epochs: 2, burnIn: 1);
        var training = (Dictionary<string, object?>)run["Training"]!;
        if (initFrom is not null) training["InitFrom"] = initFrom;
        var sampler = (Dictionary<string, object?>)((Dictionary<string, object?>)run["Sampler"]!)["Options"]!;
        sampler["StepSize"] = 1e-9;
        return run;
    }

    private static Dictionary<string, object?> Options(Dictionary<string, object?> run) =>
        (Dictionary<string, object?>)((Dictionary<string, object?>)run["Problem"]!)["Options"]!;

    private static double[] TestMse(TempDirectory temp, string run)
    {
        var lines = File.ReadAllLines(temp.File($"out/{run}/metrics.csv"));
        int column = Array.IndexOf(lines[0].Split(','), "test_mse");
        return lines.Skip(1).Select(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();
    }
}
