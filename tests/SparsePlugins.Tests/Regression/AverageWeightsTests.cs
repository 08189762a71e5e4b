using System.Globalization;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// Training:AverageWeights (issue 15): StepSize weights each sample of the model average by the step size eps_k of its
/// step, as in the paper's Section 5; Equal (the default) counts each once.
/// </summary>
public sealed class AverageWeightsTests
{
    [Fact]
    public void Step_size_weighting_equals_the_hand_computed_weighted_mean()
    {
        using var temp = new TempDirectory();
        var config = RunConfig.Write(temp, Run("equal", "Equal"), Run("stepsize", "StepSize"));

        var result = HostRun.Invoke("run", "--config", config);

        Assert.True(result.ExitCode == 0, result.Error);
        var samples = RegressionRuns.WeightSamples(temp, "stepsize");
        var steps = StepSizes(temp, "stepsize");
        // Full batch, thinning 1: one sample per epoch after burn-in, in order.
        Assert.Equal(BurnIn + samples.Length, steps.Count);
        var weights = steps.Skip(BurnIn).ToArray();
        Assert.True(weights[0] > 1.9 * weights[^1], "the steps must decay enough for the weighting to matter");
        double[] Mean(string run) => RegressionRuns.Doubles(RegressionRuns.Summary(temp, run).GetProperty("posteriorMean"));
        var weighted = Mean("stepsize");
        var equal = Mean("equal");
        for (int j = 0; j < weighted.Length; j++)
        {
            double byHand = samples.Select((s, i) => weights[i] * s[j]).Sum() / weights.Sum();
            double plain = samples.Average(s => s[j]);
            // Both sides sum the same float64 numbers in different orders (running update vs sum): rounding only.
            Assert.Equal(byHand, weighted[j], 1e-12);
            // Same seed, same chain: only the weighting differs, and the equal-weight run is the plain mean.
            Assert.Equal(plain, equal[j], 1e-12);
        }
        // The check has teeth: over 40 samples drifting from the start, the two means differ far above rounding.
        Assert.True(weighted.Zip(equal).Max(p => Math.Abs(p.First - p.Second)) > 1e-6);
    }

    private const int BurnIn = 20;

    /// <summary>SGLD on the small regression with eps_k = 1e-3 k^-1 (a factor 3 between the first and last sample).</summary>
    private static Dictionary<string, object?> Run(string name, string averageWeights)
    {
        var run = RunConfig.Regression(name, epochs: 60, burnIn: BurnIn, seed: 4);
        var sampler = (Dictionary<string, object?>)((Dictionary<string, object?>)run["Sampler"]!)["Options"]!;
        sampler["StepDecay"] = 1.0;
        ((Dictionary<string, object?>)run["Training"]!)["AverageWeights"] = averageWeights;
        return run;
    }

    /// <summary>metrics.csv's sampler_step_size per epoch (one full-batch step each).</summary>
    private static List<double> StepSizes(TempDirectory temp, string run)
    {
        var lines = File.ReadAllLines(Path.Combine(RegressionRuns.Directory(temp, run), "metrics.csv"));
        int column = Array.IndexOf(lines[0].Split(','), "sampler_step_size");
        Assert.True(column >= 0, "metrics.csv has no sampler_step_size column");
        return lines.Skip(1).Select(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToList();
    }
}
