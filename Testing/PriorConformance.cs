using SparsePlugins.Abstractions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SparsePlugins.Testing;

/// <summary>
/// Conformance of a prior plugin on a small two-layer network's parameters (float64): <see cref="IPrior.AddGradient"/>
/// is the gradient of -<see cref="IPrior.LogDensity"/> (central finite differences), a checkpoint restores into a
/// fresh prior exactly, and metrics and weight statistics are finite and shaped like their parameters.
/// </summary>
public abstract class PriorConformance : PluginConformance<IPrior>
{
    protected sealed override PluginKind Kind => PluginKind.Prior;

    /// <summary>Options of the gradient check.</summary>
    protected virtual object GradientOptions => CreateOptions();

    /// <summary>
    /// Brings the prior to a state where <see cref="IPrior.AddGradient"/> is the gradient of -log density at the
    /// current parameters. Nothing by default. A prior that adapts latent variables and differentiates their
    /// expectation (EM or stochastic approximation) must first set them to their conditional posterior given the
    /// parameters (for the spike-and-slab: one <see cref="IPrior.Update"/> with weight 1), where by Fisher's identity
    /// the expected gradient equals the marginal one.
    /// </summary>
    protected virtual void PrepareForGradientCheck(IPrior prior)
    {
    }

    /// <summary>Largest |analytic - numeric| / (1 + |analytic|) per element.</summary>
    protected virtual double GradientTolerance => 1e-5;

    /// <summary>Training-set size N told to the prior.</summary>
    protected virtual long TrainingSize => 100;

    /// <summary>
    /// fc1.weight [3, 4], fc1.bias [3], fc2.weight [1, 3], fc2.bias [1], every value of magnitude in [0.2, 1.5]
    /// (away from the kinks of Laplace-type densities at zero) with random signs; the weights are proposed as sparse.
    /// </summary>
    protected static List<NamedParameter> Parameters(ulong seed)
    {
        using var g = new Generator(seed);
        NamedParameter Make(string name, params long[] shape)
        {
            using var scope = NewDisposeScope();
            var magnitude = rand(shape, float64, generator: g).Times(1.3).Plus(0.2);
            var sign = randint(0, 2, shape, generator: g).to(float64).Times(2).Minus(1);
            var p = new TorchSharp.Modules.Parameter(magnitude.mul(sign).MoveToOuterDisposeScope());
            p.grad = zeros_like(p).MoveToOuterDisposeScope();
            return new NamedParameter(name, p);
        }
        return [Make("fc1.weight", 3, 4), Make("fc1.bias", 3), Make("fc2.weight", 1, 3), Make("fc2.bias", 1)];
    }

    protected static readonly IReadOnlyList<string> SparseLayers = ["fc1.weight", "fc2.weight"];

    protected IPrior Bind(object options, IReadOnlyList<NamedParameter> parameters)
    {
        var prior = Create(options);
        prior.Initialize(new PriorSetup(parameters, SparseLayers, TrainingSize, 1000));
        return prior;
    }

    /// <summary>
    /// Central differences with step 1e-5 on every element: truncation error ~1e-10 and rounding ~1e-11 for log
    /// densities of order 10^2, far below the 1e-5 tolerance, while a factor or a sign wrong in any term fails.
    /// A prior whose <see cref="IPrior.LogDensity"/> is null cannot be checked and passes.
    /// </summary>
    [Fact]
    public void Gradient_matches_finite_differences_of_the_log_density()
    {
        var parameters = Parameters(3);
        var prior = Bind(GradientOptions, parameters);
        PrepareForGradientCheck(prior);
        AssertGradientMatchesLogDensity(prior, parameters, "");
    }

    /// <summary>
    /// Options of the replica-exchange check (<see cref="Refresh_after_replaced_parameters_restores_the_gradient"/>);
    /// <see cref="GradientOptions"/> by default. Null for a prior that cannot follow a swap (the check is skipped, and
    /// the plugin should say in its documentation that replica exchange is not supported).
    /// </summary>
    protected virtual object? ExchangeOptions => GradientOptions;

    /// <summary>
    /// Replica exchange replaces a prior's parameters wholesale and calls <see cref="IPrior.Refresh"/>: five updates
    /// adapt any latent variables to one set of parameters, another set is copied in, Refresh is called, and the
    /// gradient must then match the log density at the new parameters (as after <see cref="PrepareForGradientCheck"/>).
    /// A prior whose latents keep describing the old parameters fails here: its exchanged replicas would sample the
    /// wrong density.
    /// </summary>
    [Fact]
    public void Refresh_after_replaced_parameters_restores_the_gradient()
    {
        if (ExchangeOptions is not { } options) return;
        var parameters = Parameters(3);
        var prior = Bind(options, parameters);
        for (long k = 1; k <= 5; k++) Update(prior, k);
        var swapped = Parameters(6);
        using (no_grad())
        {
            for (int i = 0; i < parameters.Count; i++) parameters[i].Parameter.copy_(swapped[i].Parameter);
        }
        prior.Refresh();
        AssertGradientMatchesLogDensity(prior, parameters, "after the parameters were replaced and Refresh called, ");
    }

    /// <summary>
    /// False for a prior whose <see cref="ISpikeAndSlabPrior"/> components only approximate its density (a spike that is
    /// not a Laplace density): then <see cref="Spike_and_slab_components_match_the_log_density"/> is skipped.
    /// </summary>
    protected virtual bool ComponentsAreExact => true;

    /// <summary>
    /// A prior that reports spike-and-slab components (Training:GibbsMoves proposes from them) must report the ones
    /// its <see cref="IPrior.LogDensity"/> uses: moving one sparse weight between 0.02, 0.4 and 1.3 must change the log
    /// density by the change of log((1 - delta) exp(-|b| / s) / 2s + delta N(b; 0, v)), to 1e-8. Wrong components keep
    /// the moves exact but make them slow; this check says which parameter's components are off.
    /// </summary>
    [Fact]
    public void Spike_and_slab_components_match_the_log_density()
    {
        var parameters = Parameters(3);
        var prior = Bind(GradientOptions, parameters);
        if (prior is not ISpikeAndSlabPrior spikeAndSlab || !ComponentsAreExact || prior.LogDensity() is null) return;
        PrepareForGradientCheck(prior);
        foreach (var (name, components) in spikeAndSlab.Components)
        {
            var parameter = parameters.Single(p => p.Name == name).Parameter;
            using var flat = parameter.detach().view(-1);
            double original = flat[0].item<double>();
            double reference = At(prior, flat, 0, 0.02) - LogMixture(components, 0.02);
            foreach (var value in new[] { 0.4, 1.3 })
            {
                double difference = At(prior, flat, 0, value) - LogMixture(components, value) - reference;
                Assert.True(Math.Abs(difference) < 1e-8, $"{name}: moving a weight from 0.02 to {value} changes LogDensity by " +
                    $"{difference:G4} more than the reported components {components} say");
            }
            At(prior, flat, 0, original);
        }
    }

    private static double LogMixture(SpikeAndSlab c, double b)
    {
        double spike = Math.Log(1 - c.Inclusion) - Math.Log(2 * c.SpikeScale) - Math.Abs(b) / c.SpikeScale;
        double slab = Math.Log(c.Inclusion) - 0.5 * Math.Log(2 * Math.PI * c.SlabVariance) - b * b / (2 * c.SlabVariance);
        return Math.Max(spike, slab) + Math.Log(1 + Math.Exp(-Math.Abs(spike - slab)));
    }

    private void AssertGradientMatchesLogDensity(IPrior prior, List<NamedParameter> parameters, string when)
    {
        if (prior.LogDensity() is null) return;
        foreach (var p in parameters) p.Parameter.grad!.zero_();
        prior.AddGradient();
        const double h = 1e-5;
        var failures = new List<string>();
        foreach (var (name, parameter) in parameters)
        {
            var analytic = parameter.grad!.detach().clone().reshape(-1).data<double>().ToArray();
            using var flat = parameter.detach().view(-1);
            for (int i = 0; i < analytic.Length; i++)
            {
                double value = flat[i].item<double>();
                double plus = At(prior, flat, i, value + h);
                double minus = At(prior, flat, i, value - h);
                At(prior, flat, i, value);
                double numeric = -(plus - minus) / (2 * h);
                if (Math.Abs(numeric - analytic[i]) > GradientTolerance * (1 + Math.Abs(analytic[i])))
                {
                    failures.Add($"{name}[{i}] = {value:G4}: AddGradient {analytic[i]:G8}, -dLogDensity {numeric:G8}");
                }
            }
        }
        Assert.True(failures.Count == 0, when + "gradient of -log prior differs from finite differences:\n" + string.Join("\n", failures));
    }

    private static double At(IPrior prior, Tensor flat, int i, double value)
    {
        using (no_grad()) flat[i].copy_(tensor(value, float64));
        return prior.LogDensity()!.Value;
    }

    /// <summary>
    /// Five updates (with the scaled squared error of a residual variance of 0.5), a checkpoint, then a fresh prior
    /// bound to a copy of the parameters and restored: the same noise variance, log density, constraint and gradient
    /// at once, and the same metrics as well after one more update on both (the host logs metrics after an update, so
    /// a schedule-derived metric may be recomputed there rather than saved).
    /// </summary>
    [Fact]
    public void Saved_state_restores_into_a_fresh_prior()
    {
        var options = CreateOptions();
        var parameters = Parameters(4);
        var prior = Bind(options, parameters);
        for (long k = 1; k <= 5; k++) Update(prior, k);
        var state = new Dictionary<string, Tensor>();
        prior.SaveState(state);

        var copies = parameters.Select(p =>
        {
            var c = new TorchSharp.Modules.Parameter(p.Parameter.detach().clone());
            c.grad = zeros_like(c);
            return new NamedParameter(p.Name, c);
        }).ToList();
        var restored = Bind(options, copies);
        restored.LoadState(state);

        AssertSame(prior, parameters, restored, copies, "after LoadState", metrics: false);
        Update(prior, 6);
        Update(restored, 6);
        AssertSame(prior, parameters, restored, copies, "after one more update", metrics: true);
        foreach (var t in state.Values) t.Dispose();
    }

    [Fact]
    public void Metrics_and_weight_statistics_are_finite_and_shaped_like_their_parameters()
    {
        var parameters = Parameters(5);
        var prior = Bind(CreateOptions(), parameters);
        for (long k = 1; k <= 3; k++) Update(prior, k);
        foreach (var (key, value) in prior.Metrics) Assert.True(double.IsFinite(value), $"metric {key} = {value}");
        if (prior.NoiseVariance is { } variance) Assert.True(double.IsFinite(variance) && variance > 0, $"noise variance {variance}");
        if (prior.LogDensity() is { } density) Assert.True(double.IsFinite(density), $"log density {density}");
        var byName = parameters.ToDictionary(p => p.Name, p => p.Parameter);
        foreach (var (statistic, values) in prior.WeightStatistics)
        {
            foreach (var (name, value) in values)
            {
                Assert.True(byName.TryGetValue(name, out var parameter), $"{statistic} names '{name}', which is no parameter");
                Assert.True(value.shape.SequenceEqual(parameter!.shape), $"{statistic}.{name} is {Text(value.shape)}, the parameter {Text(parameter.shape)}");
                Assert.True(AllFinite(value), $"{statistic}.{name} has non-finite values");
            }
        }
    }

    /// <summary>One iteration as the host runs it after the sampler step.</summary>
    protected void Update(IPrior prior, long k)
    {
        prior.Update(new PriorUpdate(k, TrainingSize * 0.5, 1));
        prior.Constrain();
    }

    private static void AssertSame(IPrior a, List<NamedParameter> pa, IPrior b, List<NamedParameter> pb, string when, bool metrics)
    {
        Assert.True(a.NoiseVariance == b.NoiseVariance, $"{when}: noise variance {a.NoiseVariance} vs {b.NoiseVariance}");
        if (metrics) Assert.Equal(a.Metrics.OrderBy(m => m.Key), b.Metrics.OrderBy(m => m.Key));
        Assert.True(a.LogDensity() == b.LogDensity(), $"{when}: log density {a.LogDensity()} vs {b.LogDensity()}");
        foreach (var p in pa.Concat(pb)) p.Parameter.grad!.zero_();
        a.AddGradient();
        b.AddGradient();
        for (int i = 0; i < pa.Count; i++)
        {
            Assert.True(Identical(pa[i].Parameter.detach(), pb[i].Parameter.detach()), $"{when}: {pa[i].Name} differs (Constrain)");
            Assert.True(Identical(pa[i].Parameter.grad!, pb[i].Parameter.grad!), $"{when}: the gradient of {pa[i].Name} differs");
        }
    }
}

/// <summary>The conformance of <typeparamref name="TPlugin"/>, created as the host does (parameterless).</summary>
public abstract class PriorConformance<TPlugin> : PriorConformance
    where TPlugin : IPriorPlugin, new()
{
    protected override IPluginFactory<IPrior> Factory { get; } = new TPlugin();
}
