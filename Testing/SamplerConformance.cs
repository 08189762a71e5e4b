using SparsePlugins.Abstractions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SparsePlugins.Testing;

/// <summary>
/// Conformance of a sampler plugin: it samples known Gaussian targets (a correlated one and an ill-conditioned one)
/// with the right moments, and a checkpoint (SaveState, then LoadState into a fresh sampler) continues the chain
/// exactly. A point-estimate optimizer (<see cref="ISampler.IsStochastic"/> false) must instead reach the mode and
/// shrink the chains' spread below the target's.
/// </summary>
/// <remarks>
/// Many independent chains run as the rows of one [chains, d] parameter; moments are pooled over chains and the
/// thinned iterations after burn-in that the sampler collects (<see cref="ISampler.Collects"/>). Tolerances: the mean
/// within <see cref="MeanTolerance"/> (0.1) standard deviations and each marginal variance within
/// <see cref="VarianceTolerance"/> (15%). With E effective draws the standard error of the mean is sd / sqrt(E) and of
/// a variance sqrt(2 / E) relative. For an Euler-type Langevin scheme with per-step contraction h = eps G / sd^2
/// (G the preconditioner, 1 for SGLD) the stationary variance is sd^2 / (1 - h / 2) and the slowest relaxation time
/// sd^2 / (eps G) steps, so E is about chains x kept steps / (2 x relaxation time). The default runs give
/// (with the options chosen as advised on each property) a bias of at most 5% and E of at least 10^3, so each
/// tolerance is at least three standard errors beyond the bias: a correct sampler fails with probability below 0.3%
/// per coordinate, while a wrong noise scale (say sqrt(eps) instead of sqrt(2 eps)) halves the variance and fails.
/// </remarks>
public abstract class SamplerConformance : PluginConformance<ISampler>
{
    protected sealed override PluginKind Kind => PluginKind.Sampler;

    /// <summary>
    /// Options for <see cref="GaussianTarget.Correlated"/> (eigenvalues of the covariance 0.71 and 2.29): choose the
    /// step so that eps G is about 0.02 (for SGLD StepSize = 0.02: h &lt;= 0.028, variance bias &lt;= 1.4%, relaxation
    /// 115 steps, E ~ 400 x 6000 / 230 ~ 10^4).
    /// </summary>
    protected virtual object CorrelatedOptions => CreateOptions();

    protected virtual GaussianRun CorrelatedRun => new(Chains: 400, BurnIn: 1500, Keep: 6000, Thin: 20);

    /// <summary>
    /// Options for <see cref="GaussianTarget.IllConditioned"/> (sd 1 and 0.01): eps G must stay below 2 x 10^-4 on
    /// the stiff coordinate; for SGLD StepSize = 1e-5 (h = 0.1 there, variance bias 5%). By default the chains start
    /// from exact draws (<see cref="GaussianRun.StationaryStart"/>) and must keep the distribution for 20000 steps:
    /// E ~ 1000 x 1.1 (mean s.e. 0.03 sd, variance s.e. 4.3%), while a wrong drift or noise moves the slow variance by
    /// 1 - exp(-0.4) = 33% and the stiff one at once. A preconditioned sampler can instead start from zero and burn in.
    /// </summary>
    protected virtual object IllConditionedOptions => CreateOptions();

    protected virtual GaussianRun IllConditionedRun => new(Chains: 1000, BurnIn: 0, Keep: 20000, Thin: 100, StationaryStart: true);

    /// <summary>Largest error of a mean, in standard deviations of the target.</summary>
    protected virtual double MeanTolerance => 0.1;

    /// <summary>Largest relative error of a marginal variance.</summary>
    protected virtual double VarianceTolerance => 0.15;

    /// <summary>Largest error of the correlated target's correlation (0.42); its standard error is below 0.01.</summary>
    protected virtual double CorrelationTolerance => 0.05;

    /// <summary>Seeds of the Gaussian runs (change them only to show a failure is not chance).</summary>
    protected virtual ulong Seed => 11;

    [Fact]
    public void Samples_a_correlated_gaussian()
    {
        using var target = GaussianTarget.Correlated();
        var sampler = Create(CorrelatedOptions);
        var m = GaussianChains.Run(sampler, target, CorrelatedRun, Seed);
        AssertMoments(sampler, target, m, CorrelatedRun);
        if (sampler.IsStochastic)
        {
            Assert.True(Math.Abs(m.Correlation - target.Correlation) < CorrelationTolerance,
                $"correlation {m.Correlation:F3}, truth {target.Correlation:F3}");
        }
    }

    [Fact]
    public void Samples_an_ill_conditioned_gaussian()
    {
        using var target = GaussianTarget.IllConditioned();
        var sampler = Create(IllConditionedOptions);
        var m = GaussianChains.Run(sampler, target, IllConditionedRun, Seed + 1);
        AssertMoments(sampler, target, m, IllConditionedRun);
    }

    /// <summary>
    /// A chain checkpointed at k = 50 and restored into a fresh sampler (on a copy of the parameters) continues
    /// exactly as the original: same parameters bit for bit after 50 more steps with the same random stream, same
    /// diagnostics. SaveState must store copies (the original keeps stepping after the save).
    /// </summary>
    [Fact]
    public void Saved_state_restores_into_a_fresh_sampler_and_continues_identically()
    {
        const int chains = 8, saveAt = 50, total = 100;
        using var target = GaussianTarget.Correlated();
        var options = CorrelatedOptions;
        var first = Create(options);
        using var x = new TorchSharp.Modules.Parameter(zeros(new long[] { chains, target.Dimension }, float64));
        x.grad = zeros_like(x);
        first.Initialize(Setup(x, total));
        using (var g = new Generator(5))
        {
            for (long k = 1; k <= saveAt; k++) Step(first, target, x, k, g);
        }
        var state = new Dictionary<string, Tensor>();
        first.SaveState(state);
        using var snapshot = x.detach().clone();
        using (var g = new Generator(77))
        {
            for (long k = saveAt + 1; k <= total; k++) Step(first, target, x, k, g);
        }

        var second = Create(options);
        using var y = new TorchSharp.Modules.Parameter(snapshot.clone());
        y.grad = zeros_like(y);
        second.Initialize(Setup(y, total));
        second.LoadState(state);
        using (var g = new Generator(77))
        {
            for (long k = saveAt + 1; k <= total; k++) Step(second, target, y, k, g);
        }

        using var difference = x.detach().sub(y.detach()).abs().max();
        Assert.True(Identical(x.detach(), y.detach()),
            $"the restored chain differs from the original by up to {difference.item<double>():G3} after {total - saveAt} steps");
        Assert.Equal(first.Diagnostics.OrderBy(p => p.Key), second.Diagnostics.OrderBy(p => p.Key));
        foreach (var t in state.Values) t.Dispose();
    }

    [Fact]
    public void Diagnostics_are_finite()
    {
        using var target = GaussianTarget.Correlated();
        var sampler = Create(CorrelatedOptions);
        GaussianChains.Run(sampler, target, new GaussianRun(Chains: 4, BurnIn: 0, Keep: 20, Thin: 1), Seed);
        foreach (var (key, value) in sampler.Diagnostics) Assert.True(double.IsFinite(value), $"diagnostic {key} = {value}");
    }

    private static SamplerSetup Setup(TorchSharp.Modules.Parameter x, long total) =>
        new([new NamedParameter("x", x)], x.shape[0], 10, total);

    private static void Step(ISampler sampler, GaussianTarget target, TorchSharp.Modules.Parameter x, long k, Generator g)
    {
        using var scope = NewDisposeScope();
        target.Gradient(x, x.grad!);
        sampler.Step(new SamplerStep(k, g));
    }

    private void AssertMoments(ISampler sampler, GaussianTarget target, ChainMoments m, GaussianRun run)
    {
        string summary = $"mean [{string.Join(", ", m.Mean.Select(v => v.ToString("G5")))}], variance [{string.Join(", ", m.Variance.Select(v => v.ToString("G5")))}], " +
                         $"final mean [{string.Join(", ", m.Last.Select(v => v.ToString("G5")))}], {m.Draws} draws";
        if (!sampler.IsStochastic)
        {
            // An optimizer: every chain descends to the mode, so the chains' final mean is the mode and their spread
            // (pooled over the kept iterations) is below the target's.
            for (int i = 0; i < target.Dimension; i++)
            {
                double sd = target.Sd(i);
                Assert.True(Math.Abs(m.Last[i] - target.Mean[i]) < MeanTolerance * sd,
                    $"coordinate {i}: the optimizer ended at {m.Last[i]:G5}, the mode is {target.Mean[i]:G5} (sd {sd:G3}); {summary}");
                if (m.Draws > 0) Assert.True(m.Variance[i] < sd * sd, $"coordinate {i}: spread {m.Variance[i]:G5} is not below the target's {sd * sd:G5}; {summary}");
            }
            return;
        }
        Assert.True(m.Draws > 0, $"the sampler collected none of the {run.Keep / run.Thin} thinned iterations after burn-in");
        for (int i = 0; i < target.Dimension; i++)
        {
            double sd = target.Sd(i);
            Assert.True(Math.Abs(m.Mean[i] - target.Mean[i]) < MeanTolerance * sd,
                $"coordinate {i}: mean {m.Mean[i]:G5}, truth {target.Mean[i]:G5} (sd {sd:G3}); {summary}");
            double ratio = m.Variance[i] / (sd * sd);
            Assert.True(Math.Abs(ratio - 1) < VarianceTolerance,
                $"coordinate {i}: variance {m.Variance[i]:G5} is {ratio:F3} x the truth {sd * sd:G5}; {summary}");
        }
    }
}

/// <summary>The conformance of <typeparamref name="TPlugin"/>, created as the host does (parameterless).</summary>
public abstract class SamplerConformance<TPlugin> : SamplerConformance
    where TPlugin : ISamplerPlugin, new()
{
    protected override IPluginFactory<ISampler> Factory { get; } = new TPlugin();
}
