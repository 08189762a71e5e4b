using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Priors;

[Plugin(PluginKind.Prior, "ssgl",
    "Spike-and-slab Gaussian-Laplace prior with stochastic-approximation latent updates and magnitude pruning (SGLD-SA / PSGLD-SA)",
    OptionsType = typeof(SsglOptions))]
public sealed class SsglPlugin : PriorPlugin<SsglOptions>
{
    protected override IPrior Create(SsglOptions options, PluginContext context) => new SsglPrior(options);
}

/// <summary>
/// pi(b | sigma, gamma) = (1 - gamma) Laplace(0, sigma v0) + gamma N(0, sigma^2 v1) on the sparse layers,
/// N(0, sigma0^2) elsewhere, with the latent variables of Algorithm 1 (ERRATA points 3-7) adapted by stochastic
/// approximation after every sampler step: per weight rho = E[gamma], kappa0, kappa1; per layer delta; global sigma.
/// </summary>
public sealed class SsglPrior(SsglOptions options) : IPrior, ISpikeAndSlabPrior
{
    private readonly List<SparseLayer> _sparse = [];
    private readonly List<NamedParameter> _dense = [];
    private readonly StochasticApproximation _omega =
        new(options.OmegaScale, options.OmegaOffset, options.OmegaPower, options.OmegaCap);
    private readonly PruningRamp _ramp =
        new(options.TargetSparsity, options.RampBase, options.RampInterval, options.PruneStart);
    private long _trainingSize;

    /// <summary>The global sigma (noise standard deviation, also scaling spike and slab).</summary>
    public double Sigma { get; private set; } = options.InitialSigma;

    /// <summary>omega_k of the latest update.</summary>
    public double Omega { get; private set; }

    /// <summary>The current target sparse rate s_t of the pruning ramp.</summary>
    public double PruneRate { get; private set; }

    public IReadOnlyList<SparseLayer> SparseLayers => _sparse;

    /// <summary>The sigma that scales spike and slab: <see cref="Sigma"/>, or 1 when the prior is independent of it.</summary>
    private double PriorSigma => options.SigmaScalesPrior ? Sigma : 1;

    public double? NoiseVariance => options.AdaptSigma ? Sigma * Sigma : null;

    public void Initialize(PriorSetup setup)
    {
        foreach (var layer in _sparse) layer.Dispose();
        _sparse.Clear();
        _dense.Clear();
        _trainingSize = setup.TrainingSize;
        Sigma = options.InitialSigma;
        var patterns = new LayerPatterns(options.SparseLayers.Length > 0 ? options.SparseLayers : setup.DefaultSparseLayers);
        foreach (var parameter in setup.Parameters)
        {
            if (patterns.Matches(parameter.Name))
            {
                var (a, b) = BetaParameters(parameter.Parameter.numel());
                _sparse.Add(new SparseLayer(parameter, options.InitialDelta, a, b, options.SpikeScale, options.SlabVariance,
                    pruning: _ramp.Enabled));
            }
            else
            {
                _dense.Add(parameter);
            }
        }
        if (_sparse.Count == 0)
        {
            var names = string.Join(", ", setup.Parameters.Select(p => p.Name));
            throw new InvalidInputException(
                $"The ssgl prior's SparseLayers patterns match no parameter (parameters: {names}). " +
                "Set Prior:Options:SparseLayers to name patterns such as 'fc*.weight'.");
        }
    }

    /// <summary>Beta(a, b) of a layer with <paramref name="count"/> weights: centred at BetaMean when set, else BetaA and BetaB (b = p by default).</summary>
    private (double A, double B) BetaParameters(long count)
    {
        if (options.BetaMean is { } mean) return (mean * options.BetaStrength * count, (1 - mean) * options.BetaStrength * count);
        return (options.BetaA, options.BetaB is > 0 ? options.BetaB.Value : count);
    }

    /// <summary>grad += kappa1 b / sigma^2 + kappa0 sign(b) / sigma (sparse layers); grad += b / sigma0^2 (dense).</summary>
    public void AddGradient()
    {
        using var _ = no_grad();
        foreach (var layer in _sparse) layer.AddGradient(PriorSigma);
        using var precision = (1.0 / (options.DenseSigma * options.DenseSigma)).ToScalar();
        foreach (var (_, p) in _dense) p.grad?.add_(p, precision);
    }

    public void Update(PriorUpdate update)
    {
        using var _ = no_grad();
        double omega = Omega = _omega.At(update.Iteration);
        bool adaptSigma = options.AdaptSigma && update.Iteration >= options.SigmaAdaptStart;
        // The prior's sums enter the sigma update only when the prior is scaled by sigma; otherwise they stay 0.
        bool priorSums = adaptSigma && options.SigmaScalesPrior;
        double sumL1 = 0, sumL2 = 0;
        long sparseCount = 0;
        bool prune = _ramp.Enabled && update.Iteration >= options.PruneStart
                     && (update.Iteration - options.PruneStart) % options.PruneEvery == 0;
        if (_ramp.Enabled) PruneRate = _ramp.RateAt(update.Iteration);
        foreach (var layer in _sparse)
        {
            // The latent pass also takes the histogram for pruning this step (the weights do not change in between).
            var (l1, l2) = layer.UpdateLatents(PriorSigma, options.MarginalLatents ? 1 : omega, priorSums, prune ? PruneRate : null);
            sumL1 += l1;
            sumL2 += l2;
            sparseCount += layer.Count;
        }

        if (adaptSigma)
        {
            // R is the positive root of A s^2 - B s - C = 0 (ERRATA 5), A counting every scalar residual and, when
            // the prior is scaled by sigma, every sparse weight; otherwise B = 0 and R^2 = C / A.
            double a = _trainingSize * Math.Max(1, update.OutputsPerExample) + options.Nu + (priorSums ? sparseCount : 0);
            double c = update.ScaledSquaredError + sumL2 + options.Nu * options.Lambda;
            double root = (sumL1 + Math.Sqrt(sumL1 * sumL1 + 4 * a * c)) / (2 * a);
            if (double.IsFinite(root) && root > 0) Sigma = (1 - omega) * Sigma + omega * root;
        }

        if (prune)
        {
            foreach (var layer in _sparse) layer.Prune(PruneRate);
        }

        if (options.AdaptDelta)
        {
            foreach (var layer in _sparse) layer.UpdateDelta(omega);
        }
    }

    /// <summary>
    /// The parameters were replaced (a replica-exchange swap): rho, kappa0 and kappa1 restart at their conditional
    /// expectations given the new weights, as if the weights had always been here; delta and sigma stay. Refused with
    /// pruning, whose masks belong to the weights they were computed on.
    /// </summary>
    public void Refresh()
    {
        if (_ramp.Enabled)
        {
            throw new InvalidInputException("The ssgl prior prunes (TargetSparsity > 0), and pruning masks cannot follow " +
                "parameters that replica exchange swaps between replicas or Metropolis moves change. Set Prior:Options:TargetSparsity " +
                "to 0, or leave Training:Temperatures empty and Training:Jumps, Swaps and GibbsMoves at 0.");
        }
        using var _ = no_grad();
        foreach (var layer in _sparse) layer.UpdateLatents(PriorSigma, 1, sums: false);
    }

    public void Constrain()
    {
        using var _ = no_grad();
        foreach (var layer in _sparse) layer.Constrain();
    }

    public IReadOnlyDictionary<string, double> Metrics
    {
        get
        {
            using var _ = no_grad();
            var metrics = new Dictionary<string, double> { ["sigma"] = Sigma };
            long zeros = 0, total = 0;
            foreach (var layer in _sparse)
            {
                long z = layer.CountZeros();
                zeros += z;
                total += layer.Count;
                metrics[$"sparsity.{layer.Name}"] = (double)z / layer.Count;
                metrics[$"delta.{layer.Name}"] = layer.Delta;
                metrics[$"inclusion.{layer.Name}"] = layer.MeanInclusion();
            }
            metrics["sparsity"] = total == 0 ? 0 : (double)zeros / total;
            if (_ramp.Enabled) metrics["prune_rate"] = PruneRate;
            return metrics;
        }
    }

    public IReadOnlyDictionary<string, SpikeAndSlab> Components => _sparse.ToDictionary(l => l.Name, l => l.Components(PriorSigma));

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> WeightStatistics =>
        new Dictionary<string, IReadOnlyDictionary<string, Tensor>>
        {
            ["inclusion"] = _sparse.ToDictionary(l => l.Name, l => l.Rho),
        };

    /// <summary>
    /// The sparse layers' marginal spike-and-slab density, the dense Gaussian, Beta(a, b) on each delta_l and, when
    /// sigma is adapted, IG(nu / 2, nu lambda / 2) on sigma^2; constants common to all chains dropped.
    /// </summary>
    public double? LogDensity()
    {
        using var _ = no_grad();
        double total = 0;
        foreach (var layer in _sparse)
        {
            total += layer.LogMarginalDensity(PriorSigma) + layer.LogDeltaPrior();
        }
        total += GaussianPrior.LogDensity(_dense, options.DenseSigma);
        if (options.AdaptSigma)
        {
            double variance = Sigma * Sigma;
            total += -(options.Nu / 2 + 1) * Math.Log(variance) - options.Nu * options.Lambda / (2 * variance);
        }
        return total;
    }

    public void SaveState(IDictionary<string, Tensor> state)
    {
        foreach (var layer in _sparse) layer.Save(state);
        state["sigma"] = tensor(Sigma).DetachFromDisposeScope();
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        using var _ = no_grad();
        foreach (var layer in _sparse) layer.Load(state);
        if (state.TryGetValue("sigma", out var sigma)) Sigma = sigma.ReadDouble();
    }
}
