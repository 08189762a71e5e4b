using SparsePlugins.Reference.Regression;

namespace SparsePlugins.Tests.Support;

/// <summary>
/// The posterior of a two-coefficient linear regression (no intercept, known noise variance) under the ssgl prior's
/// marginal spike-and-slab density with delta fixed, by quadrature: each coefficient on a grid b = a sinh(t), t uniform,
/// which puts nodes 0.1 spike scales apart at 0 and reaches 12 in the slab. For checks that a Metropolis move leaves the
/// exact posterior invariant where the posterior has a spike (no sampler is involved in the reference).
/// </summary>
public sealed record SpikeSlabQuadrature(double NoiseVariance, double SpikeScale, double SlabVariance, double Delta)
{
    private const int Nodes = 1501;

    /// <summary>Posterior means, sds and inclusion probabilities E[P(gamma_j = 1 | b_j)] of b1 and b2.</summary>
    public (double[] Mean, double[] Sd, double[] Inclusion) Moments(RegressionData data)
    {
        if (data.Predictors != 2) throw new ArgumentException("The quadrature is two-dimensional.", nameof(data));
        double a = SpikeScale / 10, dt = 2 * 9.0 / (Nodes - 1);
        var b = new double[Nodes];
        var logWeight = new double[Nodes];
        var inclusion = new double[Nodes];
        for (int i = 0; i < Nodes; i++)
        {
            double t = -9 + i * dt;
            b[i] = a * Math.Sinh(t);
            var (logSpike, logSlab) = Components(b[i]);
            double logMixture = LogAdd(logSpike, logSlab);
            logWeight[i] = Math.Log(a * Math.Cosh(t) * dt) + logMixture;
            inclusion[i] = Math.Exp(logSlab - logMixture);
        }
        var gram = data.Gram;
        var xty = data.Xty;
        var logDensity = new double[Nodes, Nodes];
        double max = double.NegativeInfinity;
        for (int i = 0; i < Nodes; i++)
        {
            for (int j = 0; j < Nodes; j++)
            {
                // -|y - X b|^2 / (2 s2) up to a constant: (2 b'X'y - b'X'X b) / (2 s2).
                double quadratic = gram[0, 0] * b[i] * b[i] + 2 * gram[0, 1] * b[i] * b[j] + gram[1, 1] * b[j] * b[j];
                double value = (2 * (xty[0] * b[i] + xty[1] * b[j]) - quadratic) / (2 * NoiseVariance) + logWeight[i] + logWeight[j];
                logDensity[i, j] = value;
                max = Math.Max(max, value);
            }
        }
        double total = 0;
        var first = new double[2];
        var second = new double[2];
        var included = new double[2];
        for (int i = 0; i < Nodes; i++)
        {
            for (int j = 0; j < Nodes; j++)
            {
                double w = Math.Exp(logDensity[i, j] - max);
                total += w;
                first[0] += w * b[i];
                first[1] += w * b[j];
                second[0] += w * b[i] * b[i];
                second[1] += w * b[j] * b[j];
                included[0] += w * inclusion[i];
                included[1] += w * inclusion[j];
            }
        }
        var mean = first.Select(f => f / total).ToArray();
        var sd = second.Select((s, k) => Math.Sqrt(s / total - mean[k] * mean[k])).ToArray();
        return (mean, sd, included.Select(v => v / total).ToArray());
    }

    /// <summary>log((1 - delta) Laplace(b; s)) and log(delta N(b; 0, v1)), as the ssgl prior's marginal density has them.</summary>
    private (double Spike, double Slab) Components(double b) =>
        (Math.Log(1 - Delta) - Math.Log(2 * SpikeScale) - Math.Abs(b) / SpikeScale,
         Math.Log(Delta) - 0.5 * Math.Log(2 * Math.PI * SlabVariance) - b * b / (2 * SlabVariance));

    private static double LogAdd(double x, double y) => Math.Max(x, y) + Math.Log(1 + Math.Exp(-Math.Abs(x - y)));
}
