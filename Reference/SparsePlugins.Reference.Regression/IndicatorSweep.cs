using MathNet.Numerics.LinearAlgebra;

namespace SparsePlugins.Reference.Regression;

/// <summary>
/// One collapsed Gibbs pass over the indicators of a spike-and-slab model whose spike and slab are both Gaussian given
/// the spike variances (b integrated out), shared by <see cref="ContinuousSpikeGibbs"/> and <see cref="LaplaceSpikeGibbs"/>.
/// </summary>
/// <remarks>
/// With D = diag(v_j), A = X'X / s2 + D^-1 and c = X'y / s2, log p(y | gamma) = -1/2 sum log D_jj - 1/2 log|A| +
/// 1/2 c'A^-1 c + const. Flipping gamma_j changes A by delta = 1/v' - 1/v on the diagonal entry j, so the flip's log
/// odds need only (A^-1)_jj and m_j = (A^-1 c)_j (matrix determinant lemma, Sherman-Morrison), and an accepted flip
/// updates A^-1 and m in O(p^2).
/// </remarks>
internal static class IndicatorSweep
{
    /// <summary>Visits j = 0..p-1 in turn; returns the number of ones and the updated A^-1 and m.</summary>
    /// <param name="spikeVariance">The spike variance of weight j (its slab variance is the model's).</param>
    /// <param name="conditional">When given, receives P(gamma_j = 1 | the rest) at j's visit: averaged over sweeps it
    /// estimates the inclusion probability with less variance than the indicators themselves (Rao-Blackwell).</param>
    public static (int Ones, Matrix<double> Inverse, Vector<double> Mean) Run(bool[] gamma, int ones, Func<int, double> spikeVariance,
        SpikeSlabModel model, Matrix<double> inverse, Vector<double> mean, Random random, double[]? conditional = null)
    {
        int p = gamma.Length;
        for (int j = 0; j < p; j++)
        {
            // Log odds of gamma_j = 1 against 0, the others as they are.
            double spike = spikeVariance(j), slab = model.SlabVariance;
            double current = gamma[j] ? slab : spike, other = gamma[j] ? spike : slab;
            double delta = 1 / other - 1 / current;
            double denominator = 1 + delta * inverse[j, j];
            double change = -0.5 * Math.Log(other / current) - 0.5 * Math.Log(denominator)
                            - 0.5 * delta * mean[j] * mean[j] / denominator;
            int others = ones - (gamma[j] ? 1 : 0);
            double logOdds = (gamma[j] ? -change : change) + model.LogPriorRatio(others, p);
            double probability = 1 / (1 + Math.Exp(-logOdds));
            if (conditional is not null) conditional[j] = probability;
            bool include = random.NextDouble() < probability;
            if (include == gamma[j]) continue;
            var column = inverse.Column(j);
            double factor = delta / denominator;
            mean -= column * (factor * mean[j]);
            inverse -= column.OuterProduct(column) * factor;
            gamma[j] = include;
            ones += include ? 1 : -1;
        }
        return (ones, inverse, mean);
    }
}
