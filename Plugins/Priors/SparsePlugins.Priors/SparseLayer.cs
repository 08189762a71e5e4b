using SparsePlugins.Abstractions;
using SparsePlugins.Authoring;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Priors;

/// <summary>
/// The latent state of one sparse layer l of the spike-and-slab prior: rho, kappa0, kappa1 per weight, delta_l,
/// and the pruning mask. Every tensor is allocated once (outside dispose scopes) and updated in place.
/// </summary>
public sealed class SparseLayer : IDisposable
{
    private readonly Tensor _scratch;
    private readonly Tensor _scratch2;
    private readonly double _v0;
    private readonly double _v1;
    private readonly double _betaA;
    private readonly double _betaB;
    private double? _sumRho;
    private PruneCandidates? _candidates;
    // The latest pruning threshold (a magnitude key, 0 = none yet) and how far above it the next latent pass lists
    // candidates: quadrupled or halved so that the list holds what the next prune needs without growing large.
    private uint _threshold;
    private uint _margin = 1 << 16;

    public SparseLayer(NamedParameter parameter, double delta, double betaA, double betaB, double v0, double v1, bool pruning)
    {
        Name = parameter.Name;
        Parameter = parameter.Parameter;
        Count = Parameter.numel();
        Delta = delta;
        _betaA = betaA;
        _betaB = betaB;
        _v0 = v0;
        _v1 = v1;
        using var _ = no_grad();
        // rho_1 = delta_1 (the prior inclusion probability); kappa at the SA map's fixed point for that rho.
        Rho = TensorMath.FullLike(Parameter, delta).DetachFromDisposeScope();
        Kappa0 = TensorMath.FullLike(Parameter, (1 - delta) / v0).DetachFromDisposeScope();
        Kappa1 = TensorMath.FullLike(Parameter, delta / v1).DetachFromDisposeScope();
        _scratch = empty_like(Parameter).DetachFromDisposeScope();
        _scratch2 = empty_like(Parameter).DetachFromDisposeScope();
        if (pruning) Pruned = zeros(Parameter.shape, ScalarType.Bool, Parameter.device).DetachFromDisposeScope();
    }

    public string Name { get; }

    public TorchSharp.Modules.Parameter Parameter { get; }

    /// <summary>p_l, the number of weights.</summary>
    public long Count { get; }

    public Tensor Rho { get; }

    public Tensor Kappa0 { get; }

    public Tensor Kappa1 { get; }

    /// <summary>True where the weight is pruned; null when pruning is off.</summary>
    public Tensor? Pruned { get; }

    /// <summary>Fused prunes that found every weight to prune among the latent pass's candidates (no pass of their own).</summary>
    internal long CandidatePrunes { get; private set; }

    /// <summary>Number of pruned weights after the latest mask update.</summary>
    public long PrunedCount { get; private set; }

    public double Delta { get; private set; }

    public void AddGradient(double sigma)
    {
        if (Parameter.grad is not { } grad) return;
        using var b = Parameter.detach();
        if (FusedTensors.Qualify(grad, b, Kappa0, Kappa1))
        {
            FusedSsgl.AddGradient(grad, b, Kappa0, Kappa1, sigma);
            return;
        }
        using var slab = (1 / (sigma * sigma)).ToScalar();
        using var spike = (1 / sigma).ToScalar();
        grad.addcmul_(Kappa1, Parameter, slab);
        grad.addcmul_(Kappa0, _scratch.copy_(Parameter).sign_(), spike);
    }

    /// <summary>
    /// Re-zeroes pruned weights (the sampler step moved them), then
    /// rho = (1 - w) rho + w a / (a + c), kappa0 = (1 - w) kappa0 + w (1 - rho) / v0, kappa1 = (1 - w) kappa1 + w rho / v1
    /// with a / (a + c) = sigmoid(log a - log c) computed in log space:
    /// log a - log c = log delta - log(1 - delta) - log(2 pi sigma^2 v1) / 2 + log(2 sigma v0) - b^2 / (2 sigma^2 v1) + |b| / (sigma v0).
    /// </summary>
    /// <param name="pruneRate">The rate <see cref="Prune"/> will be called with right after, if it will: the fused
    /// pass then also lists the weights just above the previous threshold, among which pruning usually finds all it
    /// needs without a pass over the layer.</param>
    /// <returns>
    /// When <paramref name="sums"/>: sum kappa0 |b| and sum kappa1 b^2 with the kappas before the update (the sigma
    /// quadratic's B and C terms); zeros otherwise.
    /// </returns>
    public (double L1, double L2) UpdateLatents(double sigma, double omega, bool sums, double? pruneRate = null)
    {
        using var b = Parameter.detach();
        double logOdds = Math.Log(Delta) - Math.Log(1 - Delta)
                         - 0.5 * Math.Log(2 * Math.PI * sigma * sigma * _v1) + Math.Log(2 * sigma * _v0);
        _candidates = null;
        if (FusedTensors.Qualify(b, Rho, Kappa0, Kappa1) && (Pruned is null || Pruned.is_contiguous()))
        {
            bool collect = pruneRate is { } rate && PruneTarget(rate) > PrunedCount && _threshold > 0;
            uint bound = collect ? (uint)Math.Min(0x7F7F_FFFFL, (long)_threshold + _margin) : 0;
            var (f1, f2, sumRho, candidates) = FusedSsgl.UpdateLatents(b, Rho, Kappa0, Kappa1, Pruned,
                1 / (sigma * _v0), 1 / (2 * sigma * sigma * _v1), logOdds, omega, _v0, _v1, bound);
            _sumRho = sumRho;
            _candidates = candidates;
            return sums ? (f1, f2) : (0, 0);
        }
        _sumRho = null;
        Constrain();
        var magnitude = _scratch.copy_(b).abs_();
        var logit = _scratch2;
        double l1 = 0, l2 = 0;
        if (sums)
        {
            using (var d1 = Kappa0.view(-1).dot(magnitude.view(-1))) l1 = d1.ReadDouble();
            logit.copy_(b).mul_(Kappa1);
            using (var d2 = logit.view(-1).dot(b.view(-1))) l2 = d2.ReadDouble();
        }

        // Scoped Scalars: implicit conversions may be finalised while libtorch still reads them.
        using var spikeRate = (1 / (sigma * _v0)).ToScalar();
        using var slabRate = (-1 / (2 * sigma * sigma * _v1)).ToScalar();
        using var odds = logOdds.ToScalar();
        using var keep = (1 - omega).ToScalar();
        using var step = omega.ToScalar();
        using var minusStepSpike = (-omega / _v0).ToScalar();
        using var stepSpike = (omega / _v0).ToScalar();
        using var stepSlab = (omega / _v1).ToScalar();
        using var zero = 0.0.ToScalar();
        using var one = 1.0.ToScalar();
        logit.copy_(magnitude).mul_(spikeRate)
            .addcmul_(b, b, slabRate)
            .add_(odds, one)
            .sigmoid_();
        Rho.mul_(keep).add_(logit, step);
        if (Pruned is not null) Rho.masked_fill_(Pruned, zero);
        Kappa0.mul_(keep).add_(Rho, minusStepSpike).add_(stepSpike, one);
        Kappa1.mul_(keep).add_(Rho, stepSlab);
        return (l1, l2);
    }

    /// <summary>
    /// sum_j log[(1 - delta) Laplace(b_j; 0, sigma v0) + delta N(b_j; 0, sigma^2 v1)]: the prior with the indicator
    /// summed out, the quantity a spike-and-slab posterior mode maximises (with the likelihood).
    /// </summary>
    public double LogMarginalDensity(double sigma)
    {
        using var scope = NewDisposeScope();
        using var b = Parameter.detach();
        double spikeScale = sigma * _v0, slabVariance = sigma * sigma * _v1;
        using var spikeRate = (-1 / spikeScale).ToScalar();
        using var spikeConstant = (Math.Log(1 - Delta) - Math.Log(2 * spikeScale)).ToScalar();
        using var slabRate = (-1 / (2 * slabVariance)).ToScalar();
        using var slabConstant = (Math.Log(Delta) - 0.5 * Math.Log(2 * Math.PI * slabVariance)).ToScalar();
        using var one = 1.0.ToScalar();
        var spike = b.abs().mul(spikeRate).add(spikeConstant, one);
        var slab = b.mul(b).mul(slabRate).add(slabConstant, one);
        return spike.logaddexp(slab).sum().ReadDouble();
    }

    /// <summary>The spike and slab of <see cref="LogMarginalDensity"/> at <paramref name="sigma"/>, with this layer's delta.</summary>
    public SpikeAndSlab Components(double sigma) => new(sigma * _v0, sigma * sigma * _v1, Delta);

    /// <summary>log Beta(delta; a, b) up to its normalising constant: the hyperprior of this layer's delta.</summary>
    public double LogDeltaPrior() => (_betaA - 1) * Math.Log(Delta) + (_betaB - 1) * Math.Log(1 - Delta);

    /// <summary>
    /// delta = (1 - w) delta + w (sum_j rho_j + a - 1) / (a + b + p - 2), kept inside (0, 1). sum rho comes from the
    /// fused latent pass, less what fused pruning zeroed since; otherwise from a sum over rho.
    /// </summary>
    public void UpdateDelta(double omega)
    {
        double sum;
        if (_sumRho is { } fused) sum = fused;
        else
        {
            using var s = Rho.sum();
            sum = s.ReadDouble();
        }
        double target = (sum + _betaA - 1) / (_betaA + _betaB + Count - 2);
        target = Math.Clamp(target, 1e-12, 1 - 1e-12);
        Delta = (1 - omega) * Delta + omega * target;
    }

    /// <summary>
    /// Prunes the round(rate p) smallest-magnitude weights (nearest integer, so the ramp's asymptote s p is reached
    /// exactly once s p base^(t / interval) &lt; 1/2). Pruned weights (already zero) stay pruned: the mask only
    /// grows, so the count is exact whenever the surviving magnitudes are distinct.
    /// </summary>
    /// <remarks>
    /// The fused select uses the candidates the latent pass just before listed (on exactly these weights and mask),
    /// and keeps sum rho exact by subtracting the rho values it zeroes.
    /// </remarks>
    public void Prune(double rate)
    {
        var candidates = _candidates;
        _candidates = null;
        if (Pruned is null) return;
        long target = PruneTarget(rate);
        if (target <= PrunedCount) return;
        using (var weight = Parameter.detach())
        {
            if (FusedTensors.Qualify(weight, Rho) && Pruned.is_contiguous())
            {
                long need = target - PrunedCount;
                (PrunedCount, double removed, uint threshold) = FusedSsgl.Prune(weight, Rho, Pruned, target, PrunedCount, candidates);
                _sumRho -= removed;
                AdaptMargin(candidates, need, threshold);
                return;
            }
        }
        var magnitude = _scratch.copy_(Parameter).abs_().MaskedFillInPlace(Pruned, 0).view(-1);
        var (values, indices) = magnitude.kthvalue(target, 0);
        using (values)
        using (indices)
        using (var mask = _scratch.le(values))
        {
            Pruned.copy_(mask);
        }
        Rho.MaskedFillInPlace(Pruned, 0);
        _sumRho = null;
        using (var b = Parameter.detach()) b.MaskedFillInPlace(Pruned, 0);
        using var count = Pruned.sum();
        PrunedCount = count.item<long>();
    }

    /// <summary>
    /// After a fused prune: a list too short for the prune (it fell back to a pass over the layer) quadruples the
    /// margin; one much longer than needed halves it, since listing and selecting cost in proportion to its length.
    /// </summary>
    private void AdaptMargin(PruneCandidates? candidates, long need, uint threshold)
    {
        if (candidates is { } listed)
        {
            long length = listed.Items.Length;
            if (length >= need) CandidatePrunes++;
            if (length < need) _margin = (uint)Math.Min((long)_margin * 4, 1L << 26);
            else if (length > 4 * need + 4096) _margin = Math.Max(_margin / 2, 1);
        }
        _threshold = threshold;
    }

    /// <summary>round(rate p), the number of weights pruned at <paramref name="rate"/>.</summary>
    private long PruneTarget(double rate) => (long)Math.Floor(rate * Count + 0.5);

    public void Constrain()
    {
        if (Pruned is null) return;
        using var b = Parameter.detach();
        if (FusedTensors.Qualify(b) && Pruned.is_contiguous()) FusedSsgl.Constrain(b, Pruned);
        else b.MaskedFillInPlace(Pruned, 0);
    }

    public long CountZeros()
    {
        // The detached view is held until the call returns: an unreferenced temporary can be finalised by the GC on
        // another thread while libtorch still reads it (TorchSharp passes raw handles), which crashed long runs.
        using var b = Parameter.detach();
        using var nonzero = b.count_nonzero();
        return Count - nonzero.item<long>();
    }

    public double MeanInclusion()
    {
        using var mean = Rho.mean();
        return mean.ReadDouble();
    }

    public void Save(IDictionary<string, Tensor> state)
    {
        state[$"{Name}.rho"] = Rho.clone().DetachFromDisposeScope();
        state[$"{Name}.kappa0"] = Kappa0.clone().DetachFromDisposeScope();
        state[$"{Name}.kappa1"] = Kappa1.clone().DetachFromDisposeScope();
        state[$"{Name}.delta"] = tensor(Delta).DetachFromDisposeScope();
        if (Pruned is not null) state[$"{Name}.pruned"] = Pruned.clone().DetachFromDisposeScope();
    }

    public void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        _candidates = null;
        _threshold = 0;
        _sumRho = null;
        if (state.TryGetValue($"{Name}.rho", out var rho)) Rho.copy_(rho);
        if (state.TryGetValue($"{Name}.kappa0", out var kappa0)) Kappa0.copy_(kappa0);
        if (state.TryGetValue($"{Name}.kappa1", out var kappa1)) Kappa1.copy_(kappa1);
        if (state.TryGetValue($"{Name}.delta", out var delta)) Delta = delta.ReadDouble();
        if (Pruned is not null && state.TryGetValue($"{Name}.pruned", out var pruned))
        {
            Pruned.copy_(pruned);
            using var count = Pruned.sum();
            PrunedCount = count.item<long>();
        }
    }

    public void Dispose()
    {
        Rho.Dispose();
        Kappa0.Dispose();
        Kappa1.Dispose();
        _scratch.Dispose();
        _scratch2.Dispose();
        Pruned?.Dispose();
    }
}
