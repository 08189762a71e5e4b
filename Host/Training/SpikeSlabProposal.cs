using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Training;

/// <summary>
/// q(b) = (1 - w) Laplace(b; 0, s) + w N(b; mu, tau^2): one weight's spike-and-slab prior times a Gaussian likelihood
/// fit exp(-g b - h b^2 / 2) (<see cref="GibbsMoves"/>). The slab part is exact for that fit; the spike part neglects the
/// likelihood's change across the spike's width s (it enters only the acceptance rate, not the move's exactness).
/// </summary>
public sealed record SpikeSlabProposal(double SpikeScale, double SlabMean, double SlabSd, double SlabWeight)
{
    /// <summary>
    /// The proposal for <paramref name="prior"/> and a likelihood fit of gradient g and curvature h &gt;= 0 at b = 0:
    /// tau^2 = 1 / (h + 1 / v), mu = -g tau^2, and the slab's weight its posterior probability under the fit,
    /// odds delta / (1 - delta) sqrt(tau^2 / v) exp(mu^2 / 2 tau^2), kept within [<paramref name="minWeight"/>, 1 - minWeight].
    /// </summary>
    public static SpikeSlabProposal From(SpikeAndSlab prior, double gradient, double curvature, double minWeight)
    {
        double variance = 1 / (curvature + 1 / prior.SlabVariance);
        double mean = -gradient * variance;
        double logOdds = Math.Log(prior.Inclusion / (1 - prior.Inclusion)) + 0.5 * Math.Log(variance / prior.SlabVariance)
                         + mean * mean / (2 * variance);
        double weight = Math.Clamp(1 / (1 + Math.Exp(-logOdds)), minWeight, 1 - minWeight);
        return new SpikeSlabProposal(prior.SpikeScale, mean, Math.Sqrt(variance), weight);
    }

    /// <summary>A draw from q by two uniforms: the first picks the component, the second is inverted through its CDF.</summary>
    public double Draw(double component, double uniform)
    {
        uniform = Math.Clamp(uniform, 1e-300, 1 - 1e-16);
        if (component < SlabWeight) return SlabMean + SlabSd * NormalQuantile.Inverse(uniform);
        return uniform < 0.5 ? SpikeScale * Math.Log(2 * uniform) : -SpikeScale * Math.Log(2 * (1 - uniform));
    }

    /// <summary>log q(b).</summary>
    public double LogDensity(double b)
    {
        double spike = Math.Log(1 - SlabWeight) - Math.Log(2 * SpikeScale) - Math.Abs(b) / SpikeScale;
        double z = (b - SlabMean) / SlabSd;
        double slab = Math.Log(SlabWeight) - Math.Log(SlabSd) - 0.5 * Math.Log(2 * Math.PI) - 0.5 * z * z;
        return Math.Max(spike, slab) + Math.Log(1 + Math.Exp(-Math.Abs(spike - slab)));
    }
}
