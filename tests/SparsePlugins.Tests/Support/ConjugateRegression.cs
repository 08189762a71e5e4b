using MathNet.Numerics.LinearAlgebra;
using SparsePlugins.Reference.Regression;
using SparsePlugins.Tests.Regression;

namespace SparsePlugins.Tests.Support;

/// <summary>
/// Bayesian linear regression with the gaussian prior whose posterior is known: n = 50, p = 3 independent columns
/// (DataSeed 4), noise variance 3, prior sd 1, so the posterior is N(mu, Sigma) with Sigma = (X'X / 3 + I)^-1 and
/// mu = Sigma X'y / 3. For checks that a move (exchange, jumps) leaves the posterior invariant.
/// </summary>
public static class ConjugateRegression
{
    /// <summary>
    /// Runs <paramref name="name"/> (SGLD at a constant <paramref name="stepSize"/>, 4 chains, thinning 5, burn-in 2,000,
    /// <paramref name="configure"/> adding to Training) and asserts every coefficient's posterior mean within 0.2 sd
    /// and its sd within 12% of the exact ones. Returns the run's folder.
    /// </summary>
    public static string AssertSamplesThePosterior(TempDirectory temp, string name, int epochs, double stepSize,
        Action<Dictionary<string, object?>> configure)
    {
        var train = temp.File("train.csv");
        var generate = HostRun.Invoke("generate", "--problem", "linear-regression", "--samples", "50", "--out", train,
            "--set", "Predictors=3", "--set", "Correlation=0", "--set", "DataSeed=4");
        Assert.True(generate.ExitCode == 0, generate.Error);
        var run = RunConfig.Regression(name, method: "SGLD", epochs: epochs, burnIn: 2000);
        run["Problem"] = new Dictionary<string, object?>
        {
            ["Name"] = "linear-regression",
            ["Options"] = new Dictionary<string, object?> { ["Observations"] = 50, ["Predictors"] = 3, ["Correlation"] = 0, ["DataSeed"] = 4 },
        };
        run["Prior"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["Sigma"] = 1.0 } };
        run["Sampler"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["StepSize"] = stepSize, ["StepDecay"] = 0 } };
        var training = (Dictionary<string, object?>)run["Training"]!;
        training["Chains"] = 4;
        training["Thinning"] = 5;
        configure(training);
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));
        Assert.True(result.ExitCode == 0, result.Error);

        var data = RegressionData.FromCsv(train);
        var covariance = (data.Gram / 3.0 + Matrix<double>.Build.DenseIdentity(3)).Inverse();
        var mean = covariance * data.Xty / 3.0;
        var summary = RegressionRuns.Summary(temp, name);
        var sampledMean = RegressionRuns.Doubles(summary.GetProperty("posteriorMean"));
        var sampledSd = RegressionRuns.Doubles(summary.GetProperty("posteriorSd"));
        for (int j = 0; j < 3; j++)
        {
            double sd = Math.Sqrt(covariance[j, j]);
            Assert.True(Math.Abs(sampledMean[j] - mean[j]) <= 0.2 * sd, $"b{j + 1}: mean {sampledMean[j]:F4}, exact {mean[j]:F4} (sd {sd:F4})");
            Assert.True(Math.Abs(sampledSd[j] / sd - 1) <= 0.12, $"b{j + 1}: sd {sampledSd[j]:F4}, exact {sd:F4}");
        }
        return RegressionRuns.Directory(temp, name);
    }
}
