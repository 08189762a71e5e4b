using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>
/// The predictive distribution of a posterior ensemble at a batch of inputs, per output: the mixture of the members'
/// point predictions plus independent Gaussian noise. Mean = the members' average (the Bayesian model average);
/// epistemic variance = the members' spread (population variance, the mixture's); predictive variance = epistemic +
/// noise. Central intervals are mean +- m(level) x predictive sd, with m the normal quantile (the Gaussian with that mean
/// and variance) or, when an <see cref="IntervalCalibration"/> is given, the quantiles of held-out standardised
/// residuals. All tensors float64, [batch, outputs].
/// </summary>
public sealed class PredictiveDistribution : IDisposable
{
    private PredictiveDistribution(Tensor mean, Tensor epistemic, Tensor predictive, IntervalCalibration? calibration)
    {
        Mean = mean;
        EpistemicVariance = epistemic;
        PredictiveVariance = predictive;
        Calibration = calibration;
    }

    public Tensor Mean { get; }

    /// <summary>Variance of the mean function over the posterior: what more data would remove.</summary>
    public Tensor EpistemicVariance { get; }

    /// <summary>Variance of a new observation: epistemic plus noise.</summary>
    public Tensor PredictiveVariance { get; }

    /// <summary>The interval multipliers' table; null = Gaussian intervals.</summary>
    public IntervalCalibration? Calibration { get; }

    /// <param name="members">Each member's prediction [batch, outputs].</param>
    /// <param name="noiseVariance">Per-output noise variance (length outputs), or one value for all.</param>
    /// <param name="calibration">Interval multipliers from held-out residuals; null = Gaussian intervals.</param>
    public static PredictiveDistribution FromMembers(IReadOnlyList<Tensor> members, double[] noiseVariance,
        IntervalCalibration? calibration = null)
    {
        if (members.Count == 0) throw new ArgumentException("A predictive distribution needs at least one ensemble member.");
        using var scope = NewDisposeScope();
        var stacked = stack(members.Select(m => m.detach().to(ScalarType.Float64)).ToArray(), 0);
        var mean = stacked.mean([0]);
        var deviation = stacked.sub(mean);
        var epistemic = deviation.mul(deviation).mean([0]);
        long outputs = mean.shape[^1];
        if (noiseVariance.Length != 1 && noiseVariance.Length != outputs)
        {
            throw new ArgumentException($"Noise variance has {noiseVariance.Length} entries; the members predict {outputs} outputs.");
        }
        var noise = tensor(noiseVariance, ScalarType.Float64).to(mean.device);
        var predictive = epistemic.Plus(noise);
        return new PredictiveDistribution(mean.MoveToOuterDisposeScope(), epistemic.MoveToOuterDisposeScope(),
            predictive.MoveToOuterDisposeScope(), calibration);
    }

    /// <summary>m(level): the predictive sds from the mean to either end of the central interval of that level.</summary>
    public double Multiplier(double level) => Calibration?.Multiplier(level) ?? NormalQuantile.Central(level);

    /// <summary>
    /// |target - mean| / predictive sd, flattened, over the entries whose predictive sd is positive (where it is zero the
    /// interval is a point that no multiplier widens): the scores an <see cref="IntervalCalibration"/> is fitted to.
    /// </summary>
    public Tensor StandardisedResiduals(Tensor target)
    {
        using var scope = NewDisposeScope();
        var sd = PredictiveVariance.sqrt().flatten();
        var error = target.to(ScalarType.Float64).sub(Mean).abs().flatten();
        using var zero = 0.0.ToScalar();
        var positive = sd.gt(zero);
        return error.masked_select(positive).div(sd.masked_select(positive)).MoveToOuterDisposeScope();
    }

    /// <summary>Lower and upper ends of the central interval of probability <paramref name="level"/>.</summary>
    public (Tensor Lower, Tensor Upper) Interval(double level)
    {
        using var scope = NewDisposeScope();
        var half = PredictiveVariance.sqrt().Times(Multiplier(level));
        return (Mean.sub(half).MoveToOuterDisposeScope(), Mean.Plus(half).MoveToOuterDisposeScope());
    }

    /// <summary>Fraction of the target's entries inside the central interval of probability <paramref name="level"/>.</summary>
    public double Coverage(Tensor target, double level) => CoverageAt(target, Multiplier(level));

    /// <summary>Fraction of the target's entries within <paramref name="multiplier"/> predictive sds of the mean.</summary>
    public double CoverageAt(Tensor target, double multiplier)
    {
        using var scope = NewDisposeScope();
        var error = target.to(ScalarType.Float64).sub(Mean).abs();
        var inside = error.le(PredictiveVariance.sqrt().Times(multiplier));
        return inside.to(ScalarType.Float64).mean().ReadDouble();
    }

    public void Dispose()
    {
        Mean.Dispose();
        EpistemicVariance.Dispose();
        PredictiveVariance.Dispose();
    }
}
