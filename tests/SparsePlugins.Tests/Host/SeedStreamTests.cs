using System.Text.Json;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Training;
using SparsePlugins.Tests.Regression;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

/// <summary>
/// The network's initialisation and the chain's noise come from separate streams (issue 15): Seed drives both through
/// distinct derived seeds, and Training:NoiseSeed / Training:InitSeed move one without the other.
/// </summary>
public sealed class SeedStreamTests
{
    [Fact]
    public void The_noise_stream_keeps_the_seeds_runs_had_and_the_init_stream_is_another()
    {
        var plain = new TrainingOptions();
        // Seed + c as before the streams were separated: runs whose network starts fixed keep their numbers.
        Assert.Equal(8, ChainSeeds.For(5, 3, plain).Noise);
        Assert.NotEqual(ChainSeeds.For(5, 3, plain).Noise, ChainSeeds.For(5, 3, plain).Init);
        Assert.NotEqual(ChainSeeds.For(5, 0, plain).Init, ChainSeeds.For(5, 1, plain).Init);

        var noiseMoved = new TrainingOptions { NoiseSeed = 40 };
        Assert.Equal(ChainSeeds.For(5, 2, plain).Init, ChainSeeds.For(5, 2, noiseMoved).Init);
        Assert.Equal(42, ChainSeeds.For(5, 2, noiseMoved).Noise);

        var initMoved = new TrainingOptions { InitSeed = 40 };
        Assert.Equal(ChainSeeds.For(5, 2, plain).Noise, ChainSeeds.For(5, 2, initMoved).Noise);
        Assert.NotEqual(ChainSeeds.For(5, 2, plain).Init, ChainSeeds.For(5, 2, initMoved).Init);
        // The same number for both still gives two streams.
        var same = new TrainingOptions { InitSeed = 40, NoiseSeed = 40 };
        Assert.NotEqual(ChainSeeds.For(5, 0, same).Noise, ChainSeeds.For(5, 0, same).Init);
    }

    [Fact]
    public void Changing_only_the_noise_seed_leaves_the_initial_parameters_unchanged()
    {
        using var temp = new TempDirectory();
        var config = RunConfig.WriteRaw(temp, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Output"] = temp.File("out"),
            ["PluginDirectories"] = new[] { TestPaths.Plugins, TestPaths.Fixture("SeedProbePlugins") },
            ["Runs"] = new[] { Run("base", null, null), Run("noise", noiseSeed: 50, initSeed: null), Run("init", noiseSeed: null, initSeed: 50) },
        }));

        var result = HostRun.Invoke("run", "--config", config);

        Assert.True(result.ExitCode == 0, result.Error);
        string[] Initial(string run) => File.ReadAllLines(Path.Combine(RegressionRuns.Directory(temp, run), "initial-weights.txt"));
        double[] Mean(string run) => RegressionRuns.Doubles(RegressionRuns.Summary(temp, run).GetProperty("posteriorMean"));
        Assert.Equal(2, Initial("base").Length);
        Assert.NotEqual(Initial("base")[0], Initial("base")[1]);
        Assert.Equal(Initial("base"), Initial("noise"));
        Assert.NotEqual(Mean("base"), Mean("noise"));
        Assert.NotEqual(Initial("base")[0], Initial("init")[0]);
        Assert.NotEqual(Initial("base")[1], Initial("init")[1]);
    }

    /// <summary>Two short SGLD chains of the small regression with randomly initialised weights.</summary>
    private static Dictionary<string, object?> Run(string name, long? noiseSeed, long? initSeed)
    {
        var run = RunConfig.Regression(name, epochs: 5, burnIn: 2, seed: 1);
        run["Network"] = new Dictionary<string, object?> { ["Name"] = "fixture-random-linear" };
        var training = (Dictionary<string, object?>)run["Training"]!;
        training["Chains"] = 2;
        if (noiseSeed is { } noise) training["NoiseSeed"] = noise;
        if (initSeed is { } init) training["InitSeed"] = init;
        return run;
    }
}
