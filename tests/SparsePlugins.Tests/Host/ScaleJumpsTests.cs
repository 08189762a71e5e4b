using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

/// <summary>Scale jumps (Training:Jumps, issue 15): invariance, bad factors, pruning refused (resume with jumps, swaps and Gibbs moves together: MetropolisMovesTests).</summary>
public sealed class ScaleJumpsTests
{
    /// <summary>
    /// Bayesian linear regression with the gaussian prior (n = 50, p = 3, noise variance 3, prior sd 1; posterior
    /// N(mu, Sigma), Sigma = (X'X / 3 + I)^-1, means 0.3-1.5 sd away from 0), sampled by SGLD with a step so small that
    /// it hardly moves (2e-5: relaxation ~2,500 iterations, drift over the run ~1 sd), and scale jumps with factors
    /// [1.05, 3] doing the mixing. Without the Jacobian c in the acceptance the chain would sample pi(b) / |b| per
    /// coordinate, which pulls mass towards 0 (measured: sd 30-60% off); a sign flip missing would leave a coefficient
    /// on one side of 0.
    /// </summary>
    /// <remarks>
    /// Two jumps per iteration over 4 parameters (3 weights and the bias), 12,000 kept iterations x 4 chains: each
    /// coefficient ~24,000 attempts, about half accepted, with log-steps up to log 3, i.e. an effective sample of the
    /// order of 1,000 per coefficient: standard errors 0.03 sd on the mean and 2-3% on the sd. Tolerances 0.2 sd and 12%
    /// (the same as the exchange test beside it).
    /// </remarks>
    [Fact]
    public void Jumps_alone_sample_the_conjugate_posterior()
    {
        using var temp = new TempDirectory();
        var directory = ConjugateRegression.AssertSamplesThePosterior(temp, "jumps", epochs: 14000, stepSize: 2e-5, training =>
        {
            training["Jumps"] = 2;
            training["JumpFactors"] = new[] { 1.05, 3.0 };
        });
        var metrics = File.ReadLines(Path.Combine(directory, "metrics.csv")).ToList();
        int column = Array.IndexOf(metrics[0].Split(','), "jumps_accept_rate");
        Assert.True(column > 0, "metrics.csv has no jumps_accept_rate column: " + metrics[0]);
        // Per epoch (one full-batch iteration, two attempts here): the mean over the run.
        double rate = metrics.Skip(1).Select(line => double.Parse(line.Split(',')[column], System.Globalization.CultureInfo.InvariantCulture))
            .Where(double.IsFinite).Average();
        Assert.InRange(rate, 0.05, 0.95);
    }

    [Theory]
    [InlineData("[0.5, 3]")]
    [InlineData("[3, 2]")]
    [InlineData("[3]")]
    public void Bad_jump_factors_are_refused_naming_the_rule(string factors)
    {
        using var temp = new TempDirectory();
        var run = RunConfig.Regression("bad");
        var training = (Dictionary<string, object?>)run["Training"]!;
        training["Jumps"] = 1;
        training["JumpFactors"] = System.Text.Json.JsonSerializer.Deserialize<double[]>(factors);
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));
        Assert.Equal(SparsePlugins.Host.Cli.ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("JumpFactors", result.Error, StringComparison.Ordinal);
        Assert.Contains("1 < f < F", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pruning_with_jumps_is_refused_before_any_step()
    {
        using var temp = new TempDirectory();
        var run = RunConfig.Regression("pruned", method: "PSGLD-SA", epochs: 40, burnIn: 20);
        ((Dictionary<string, object?>)run["Training"]!)["Jumps"] = 1;
        run["Prior"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["TargetSparsity"] = 0.5 } };
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));
        Assert.Equal(SparsePlugins.Host.Cli.ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("TargetSparsity", result.Error, StringComparison.Ordinal);
    }
}
