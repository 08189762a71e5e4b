using MathNet.Numerics.LinearAlgebra;

namespace SparsePlugins.Reference.Regression;

/// <summary>
/// The exact posterior inclusion probabilities of the ssgl prior's own model: spike Laplace(0, s), slab N(0, v1),
/// gamma_j ~ Bernoulli(delta), delta ~ Beta(a, b) integrated out, noise variance known. The Laplace spike is the scale
/// mixture b_j | tau_j ~ N(0, tau_j), tau_j ~ Exp(mean 2 s^2) (Park and Casella's Bayesian lasso), so given tau the
/// model is the Gaussian-spike one of <see cref="ContinuousSpikeGibbs"/> with per-weight spike variances.
/// </summary>
/// <remarks>
/// One sweep: (1) each gamma_j from its conditional with b integrated out (<see cref="IndicatorSweep"/>); (2) b from
/// N(A^-1 c, A^-1); (3) for spike weights 1 / tau_j from the inverse Gaussian with mean 1 / (s |b_j|) and shape
/// 1 / s^2, for slab weights tau_j from its prior. Each sweep refactors A, so it costs O(p^3): about 20 ms at p = 200.
/// </remarks>
public sealed record LaplaceSpikeGibbs(double SpikeScale, int Sweeps = 2000, int Seed = 1)
{
    public int BurnIn => Sweeps / 5;

    public double[] Inclusion(RegressionData data, SpikeSlabModel model) => Estimate(data, model).Probability;

    /// <summary>
    /// The inclusion probabilities as the average over kept sweeps of each indicator's full conditional (Rao-Blackwell:
    /// the conditional's own coin flip no longer adds variance, which matters most near 0.5), with batch-means
    /// standard errors.
    /// </summary>
    public InclusionEstimate Estimate(RegressionData data, SpikeSlabModel model)
    {
        int p = data.Predictors;
        var random = new Random(Seed);
        var gamma = new bool[p];
        var tau = Enumerable.Repeat(2 * SpikeScale * SpikeScale, p).ToArray();
        var kept = new List<double[]>(Sweeps - BurnIn);
        var c = data.Xty / model.NoiseVariance;
        int k = 0;
        for (int sweep = 0; sweep < Sweeps; sweep++)
        {
            var conditional = new double[p];
            var (inverse, mean) = Factor(data, model, Variances(gamma, tau, model), c);
            (k, inverse, mean) = IndicatorSweep.Run(gamma, k, j => tau[j], model, inverse, mean, random, conditional);
            var b = Draw(data, model, Variances(gamma, tau, model), c, random);
            for (int j = 0; j < p; j++)
            {
                tau[j] = gamma[j] ? -2 * SpikeScale * SpikeScale * Math.Log(1 - random.NextDouble())
                    : 1 / InverseGaussian(1 / (SpikeScale * Math.Max(Math.Abs(b[j]), 1e-300)), 1 / (SpikeScale * SpikeScale), random);
            }
            if (sweep >= BurnIn) kept.Add(conditional);
        }
        return InclusionEstimate.FromSweeps(kept);
    }

    /// <summary>Each weight's prior variance given its indicator: the slab's, or its own spike variance tau_j.</summary>
    private static double[] Variances(bool[] gamma, double[] tau, SpikeSlabModel model) =>
        gamma.Select((slab, j) => slab ? model.SlabVariance : tau[j]).ToArray();

    private static Matrix<double> Precision(RegressionData data, SpikeSlabModel model, double[] variances)
    {
        var a = data.Gram / model.NoiseVariance;
        for (int j = 0; j < variances.Length; j++) a[j, j] += 1 / variances[j];
        return a;
    }

    private static (Matrix<double> Inverse, Vector<double> Mean) Factor(RegressionData data, SpikeSlabModel model, double[] variances,
        Vector<double> c)
    {
        var inverse = Precision(data, model, variances).Inverse();
        return (inverse, inverse * c);
    }

    /// <summary>b ~ N(A^-1 c, A^-1) with A = L L': b = A^-1 c + L'^-1 z.</summary>
    private static Vector<double> Draw(RegressionData data, SpikeSlabModel model, double[] variances, Vector<double> c, Random random)
    {
        var chol = Precision(data, model, variances).Cholesky();
        var z = Vector<double>.Build.Dense(variances.Length, _ => Normal(random));
        return chol.Solve(c) + chol.Factor.Transpose().Solve(z);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Michael, Schucany and Haas (1976): an inverse Gaussian draw with mean mu and shape lambda.</summary>
    private static double InverseGaussian(double mu, double lambda, Random random)
    {
        double y = Normal(random);
        y *= y;
        double x = mu + mu * mu * y / (2 * lambda) - mu / (2 * lambda) * Math.Sqrt(4 * mu * lambda * y + mu * mu * y * y);
        return random.NextDouble() <= mu / (mu + x) ? x : mu * mu / x;
    }
}
