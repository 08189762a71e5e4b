using MathNet.Numerics.Distributions;

namespace SparsePlugins.Reference.Regression;

/// <summary>
/// A mixture of Gaussians and point masses (components with Sd = 0), weights summing to 1: one coefficient's marginal
/// posterior over the visited models. Quantiles by bisection on the distribution function, which is monotone; at a
/// point mass the quantile is the atom (the smallest x with F(x) >= q).
/// </summary>
public sealed class CoefficientMixture(IReadOnlyList<(double Weight, double Mean, double Sd)> components)
{
    public IReadOnlyList<(double Weight, double Mean, double Sd)> Components { get; } = components;

    public double Mean => Components.Sum(c => c.Weight * c.Mean);

    public double Cdf(double x) => Components.Sum(c => c.Weight * (c.Sd > 0 ? Normal.CDF(c.Mean, c.Sd, x) : x >= c.Mean ? 1 : 0));

    public double Quantile(double q)
    {
        if (q <= 0 || q >= 1) throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile level lies strictly between 0 and 1.");
        // Every component's mass lies within 40 sd of its mean to double precision, so the bracket holds the quantile.
        double lo = Components.Min(c => c.Mean - 40 * c.Sd), hi = Components.Max(c => c.Mean + 40 * c.Sd);
        for (int i = 0; i < 200 && hi - lo > 1e-12 * Math.Max(1, Math.Abs(hi)); i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Cdf(mid) >= q) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    /// <summary>The central interval of probability <paramref name="level"/> (0.95: the 2.5% and 97.5% quantiles).</summary>
    public (double Lower, double Upper) Interval(double level) => (Quantile((1 - level) / 2), Quantile((1 + level) / 2));
}
