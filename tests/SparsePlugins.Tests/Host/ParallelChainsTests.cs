using System.Text.Json;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Training;
using SparsePlugins.Tests.Regression;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

/// <summary>
/// Chains of a small network run side by side (Training:ParallelChains) and give the numbers of one at a time: every
/// chain draws from its own generators and the networks are built in chain order before any chain runs.
/// </summary>
public sealed class ParallelChainsTests
{
    [Fact]
    public void Four_chains_two_at_a_time_give_the_numbers_of_one_at_a_time()
    {
        using var temp = new TempDirectory();
        var runs = new[] { (Name: "together", Width: 2), (Name: "apart", Width: 1) }.Select(r =>
        {
            var run = RunConfig.Regression(r.Name, method: "PSGLD-SA", epochs: 60, burnIn: 20);
            var training = (Dictionary<string, object?>)run["Training"]!;
            training["Chains"] = 4;
            training["ParallelChains"] = r.Width;
            return run;
        }).ToArray();

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, runs));

        Assert.True(result.ExitCode == 0, result.Error);
        var together = RegressionRuns.Summary(temp, "together");
        var apart = RegressionRuns.Summary(temp, "apart");
        Assert.Equal(apart.GetProperty("samples").GetInt32(), together.GetProperty("samples").GetInt32());
        Assert.Equal(4 * 40, together.GetProperty("samples").GetInt32());
        // Equal to rounding: MKL's dot products round by the memory alignment of their operands, which differs when
        // chains allocate at the same time (measured on the Section 6.1 job: at most 2e-14 apart over 3,200 samples).
        var a = Doubles(together.GetProperty("posteriorMean"));
        var b = Doubles(apart.GetProperty("posteriorMean"));
        Assert.Equal(b.Length, a.Length);
        Assert.All(a.Zip(b), pair => Assert.Equal(pair.Second, pair.First, 1e-10));
        // metrics.csv holds every chain's every epoch; side by side their rows interleave.
        Assert.Equal(ChainRows(temp, "apart"), ChainRows(temp, "together"));
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static int[] ChainRows(TempDirectory temp, string run) =>
        File.ReadAllLines(Path.Combine(RegressionRuns.Directory(temp, run), "metrics.csv")).Skip(1)
            .Select(line => int.Parse(line.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();

    [Theory]
    [InlineData(0, 4, 200, -1)]            // auto, small network: one per core, at most the chains
    [InlineData(0, 4, 7_400_000, 1)]       // auto, the Darcy network: one at a time
    [InlineData(3, 4, 7_400_000, 3)]       // asked for: any size
    [InlineData(8, 4, 200, 4)]             // never more than the chains
    [InlineData(1, 4, 200, 1)]
    public void The_width_follows_the_option_and_the_network_size(int option, int chains, long weights, int expected)
    {
        var training = new TrainingOptions { Chains = chains, ParallelChains = option };
        int width = ChainParallelism.Width(training, weights);
        Assert.Equal(expected < 0 ? Math.Min(Environment.ProcessorCount, chains) : expected, width);
    }

    [Fact]
    public void A_failing_chain_lets_the_others_finish_and_its_own_error_wins_over_an_interruption()
    {
        var finished = new bool[4];
        var error = Assert.Throws<InvalidOperationException>(() => ChainParallelism.Run([0, 1, 2, 3], 2, chain =>
        {
            if (chain == 1) throw new OperationCanceledException();
            if (chain == 2) throw new InvalidOperationException("chain 2 diverged");
            finished[chain] = true;
        }));
        Assert.Equal("chain 2 diverged", error.Message);
        Assert.True(finished[0] && finished[3]);
    }
}
