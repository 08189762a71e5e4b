using MathNet.Numerics.LinearAlgebra;

namespace SparsePlugins.Reference.Regression;

/// <summary>
/// The exact posterior inclusion probabilities of a spike-and-slab model whose spike is a narrow Gaussian N(0, v0)
/// instead of a point mass: b_j ~ N(0, v0) (gamma_j = 0) or N(0, v1) (gamma_j = 1), gamma_j ~ Bernoulli(delta),
/// delta ~ Beta(a, b) integrated out, noise variance known. With v0 = 2 s^2 it matches the variance of the ssgl
/// prior's Laplace spike of scale s, so it keeps what a point mass drops: the p spike weights together fit part of the
/// response (a ridge with prior variance v0), which the methods' chains see too.
/// </summary>
/// <remarks>
/// Collapsed Gibbs over gamma with b integrated out (<see cref="IndicatorSweep"/>). A^-1 is recomputed from scratch every <see cref="RefreshEvery"/> sweeps against rounding drift. Below v0 = 1e-8 the flip's
/// determinant ratio 1 + delta (A^-1)_jj cancels to noise (measured: v0 = 1e-10 gave 0.04 where the point mass gives
/// 0.52); use <see cref="CollapsedGibbs"/> for a point mass.
/// </remarks>
public sealed record ContinuousSpikeGibbs(double SpikeVariance, int Sweeps = 4000, int Seed = 1, int RefreshEvery = 50)
{
    public int BurnIn => Sweeps / 5;

    /// <summary>Inclusion probability of every predictor: the fraction of kept sweeps with gamma_j = 1.</summary>
    public double[] Inclusion(RegressionData data, SpikeSlabModel model)
    {
        if (!(SpikeVariance >= 1e-8))
        {
            throw new ArgumentOutOfRangeException(nameof(SpikeVariance), SpikeVariance, "The spike variance must be at least 1e-8; use CollapsedGibbs for a point mass.");
        }
        int p = data.Predictors;
        var random = new Random(Seed);
        var gamma = new bool[p];
        var counts = new double[p];
        var (inverse, mean) = Factor(data, model, gamma);
        int k = 0;
        for (int sweep = 0; sweep < Sweeps; sweep++)
        {
            if (sweep > 0 && sweep % RefreshEvery == 0) (inverse, mean) = Factor(data, model, gamma);
            (k, inverse, mean) = IndicatorSweep.Run(gamma, k, _ => SpikeVariance, model, inverse, mean, random);
            if (sweep < BurnIn) continue;
            for (int j = 0; j < p; j++) counts[j] += gamma[j] ? 1 : 0;
        }
        return counts.Select(c => c / (Sweeps - BurnIn)).ToArray();
    }

    private (Matrix<double> Inverse, Vector<double> Mean) Factor(RegressionData data, SpikeSlabModel model, bool[] gamma)
    {
        double s2 = model.NoiseVariance;
        var a = data.Gram / s2;
        for (int j = 0; j < gamma.Length; j++) a[j, j] += 1 / (gamma[j] ? model.SlabVariance : SpikeVariance);
        var inverse = a.Inverse();
        return (inverse, inverse * (data.Xty / s2));
    }
}
