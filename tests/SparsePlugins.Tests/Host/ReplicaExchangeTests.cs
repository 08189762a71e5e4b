using SparsePlugins.Host;
using SparsePlugins.Host.Training;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

/// <summary>Replica exchange (Training:Temperatures, issue 15): the swap move, its invariance, resume and bad ladders.</summary>
public sealed class ReplicaExchangeTests
{
    [Fact]
    public void With_one_energy_the_acceptance_is_the_textbook_one()
    {
        // U(b_i) = 5, U(b_j) = 2, T_i = 1, T_j = 4: (1 / T_i - 1 / T_j)(U(b_i) - U(b_j)) = 0.75 x 3.
        Assert.Equal(2.25, ReplicaExchange.LogAcceptance(ii: 5, ij: 2, jj: 2, ji: 5, ti: 1, tj: 4), 12);
        // The cold replica already holds the lower energy: moving it up costs (1 - 1/4) x 3.
        Assert.Equal(-2.25, ReplicaExchange.LogAcceptance(ii: 2, ij: 5, jj: 5, ji: 2, ti: 1, tj: 4), 12);
        // Each replica its own energy (its own latent estimates): each ratio in its own replica's energy.
        Assert.Equal((3.0 - 4) / 1 + (7.0 - 6) / 2, ReplicaExchange.LogAcceptance(ii: 3, ij: 4, jj: 7, ji: 6, ti: 1, tj: 2), 12);
    }

    /// <summary>
    /// Bayesian linear regression with the gaussian prior (n = 50, p = 3, independent columns, noise variance 3, prior sd
    /// 1): the posterior is N(mu, Sigma), Sigma = (X'X / 3 + I)^-1. The chain at temperature 1 of a ladder [1, 4] must
    /// sample it: a swap rule that accepted every swap would mix in the T = 4 replica's samples (variance up to 4x, sd
    /// up to 1.58x over the pooled draws, measured here +40% and more), a rule with the sign turned would pull the hot
    /// states down; both fail the sd check.
    /// </summary>
    /// <remarks>
    /// Step 2e-3 with a curvature of at most ~30 (X'X / 3, 50 rows): h = eps lambda &lt;= 0.06, SGLD's variance bias
    /// about h / 2 &lt;= 3%. Slowest relaxation 1 / (eps lambda_min) ~ 60 steps; 4 chains x 18,000 post-burn-in steps give
    /// an effective sample size of the order of 4 x 18,000 / 120 = 600 per coefficient: standard errors 0.04 sd on the
    /// mean and 3% on the sd. Tolerances 0.2 sd (5 se) and 12% (4 se plus the bias).
    /// </remarks>
    [Fact]
    public void The_cold_replica_samples_the_posterior_the_chain_alone_samples()
    {
        using var temp = new TempDirectory();
        var directory = ConjugateRegression.AssertSamplesThePosterior(temp, "tempered", epochs: 20000, stepSize: 2e-3, training =>
        {
            training["Temperatures"] = new[] { 1.0, 4.0 };
            training["SwapEvery"] = 5;
        });
        // Swaps happened: the metrics report each pair's acceptance rate, neither never nor always.
        var header = File.ReadLines(Path.Combine(directory, "metrics.csv")).First().Split(',');
        int column = Array.IndexOf(header, "replicas_swap_rate.1-4");
        Assert.True(column > 0, "metrics.csv has no replicas_swap_rate.1-4 column: " + string.Join(",", header));
        double rate = double.Parse(File.ReadLines(Path.Combine(directory, "metrics.csv")).Last().Split(',')[column],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(rate, 0.05, 0.95);
    }

    /// <summary>
    /// Stopped after a periodic checkpoint, well into the swaps, and resumed: the hot replicas, their generators, the
    /// swap generator and counters come back, so the cold chain's samples are those of an uninterrupted run bit for bit.
    /// </summary>
    [Fact]
    public async Task A_ladder_stopped_and_resumed_ends_with_the_samples_of_an_uninterrupted_one()
    {
        static Dictionary<string, object?> Ladder()
        {
            var run = RunConfig.Regression("ladder", method: "PSGLD-SA", epochs: 1500, burnIn: 100);
            var training = (Dictionary<string, object?>)run["Training"]!;
            training["BatchSize"] = 10;
            training["CheckpointEvery"] = 25;
            training["Temperatures"] = new[] { 1.0, 3.0 };
            training["SwapEvery"] = 3;
            run["Prior"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["MarginalLatents"] = true } };
            return run;
        }
        await ResumeCheck.StoppedAfterACheckpointEndsAsUninterrupted(Ladder);
    }

    [Theory]
    [InlineData("[4]", "at least two temperatures")]
    [InlineData("[2, 4]", "first temperature must be 1")]
    [InlineData("[1, 4, 4]", "increase strictly")]
    public void A_bad_ladder_is_refused_naming_the_rule(string ladder, string rule)
    {
        using var temp = new TempDirectory();
        var run = RunConfig.Regression("bad");
        ((Dictionary<string, object?>)run["Training"]!)["Temperatures"] = System.Text.Json.JsonSerializer.Deserialize<double[]>(ladder);
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));
        Assert.Equal(SparsePlugins.Host.Cli.ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("Temperatures", result.Error, StringComparison.Ordinal);
        Assert.Contains(rule, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pruning_with_a_ladder_is_refused_with_the_fix()
    {
        using var temp = new TempDirectory();
        var run = RunConfig.Regression("pruned", method: "PSGLD-SA", epochs: 40, burnIn: 20);
        ((Dictionary<string, object?>)run["Training"]!)["Temperatures"] = new[] { 1.0, 2.0 };
        ((Dictionary<string, object?>)run["Training"]!)["SwapEvery"] = 1;
        run["Prior"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["TargetSparsity"] = 0.5 } };
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));
        Assert.Equal(SparsePlugins.Host.Cli.ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("TargetSparsity", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replica_streams_differ_from_every_chain_and_from_each_other()
    {
        var training = new SparsePlugins.Host.Configuration.TrainingOptions();
        var chains = Enumerable.Range(0, 8).Select(c => ChainSeeds.For(1, c, training)).ToList();
        var replicas = chains.SelectMany(s => Enumerable.Range(1, 3).Select(s.Replica)).ToList();
        var noise = chains.Select(s => s.Noise).Concat(replicas.Select(r => r.Noise)).Concat(chains.Select(s => s.Swaps)).ToList();
        Assert.Equal(noise.Count, noise.Distinct().Count());
        var init = chains.Select(s => s.Init).Concat(replicas.Select(r => r.Init)).ToList();
        Assert.Equal(init.Count, init.Distinct().Count());
    }
}
