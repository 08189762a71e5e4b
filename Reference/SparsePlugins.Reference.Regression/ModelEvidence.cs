using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace SparsePlugins.Reference.Regression;

/// <summary>
/// What one model gamma (its active predictors) implies: with A = X_g'X_g / s2 + I / v1 and c = X_g'y / s2, the
/// coefficients' posterior is N(A^-1 c, A^-1) and log p(y | gamma) = -k/2 log v1 - 1/2 log|A| + 1/2 c'A^-1 c up to a
/// constant shared by every model.
/// </summary>
public sealed class ModelEvidence(RegressionData data, SpikeSlabModel model)
{
    public double LogEvidence(IReadOnlyList<int> active)
    {
        int k = active.Count;
        if (k == 0) return 0;
        var (chol, c) = Factor(active);
        return -0.5 * k * Math.Log(model.SlabVariance) - 0.5 * chol.DeterminantLn + 0.5 * c.DotProduct(chol.Solve(c));
    }

    /// <summary>Posterior mean and standard deviation of each active coefficient, in the order of <paramref name="active"/>.</summary>
    public (double[] Mean, double[] Sd) Coefficients(IReadOnlyList<int> active)
    {
        if (active.Count == 0) return ([], []);
        var (chol, c) = Factor(active);
        var covariance = chol.Solve(Matrix<double>.Build.DenseIdentity(active.Count));
        return (chol.Solve(c).ToArray(), Enumerable.Range(0, active.Count).Select(i => Math.Sqrt(covariance[i, i])).ToArray());
    }

    private (Cholesky<double> Chol, Vector<double> C) Factor(IReadOnlyList<int> active)
    {
        int k = active.Count;
        double s2 = model.NoiseVariance, v1 = model.SlabVariance;
        var a = Matrix<double>.Build.Dense(k, k, (r, col) => data.Gram[active[r], active[col]] / s2 + (r == col ? 1 / v1 : 0));
        var c = Vector<double>.Build.Dense(k, r => data.Xty[active[r]] / s2);
        return (a.Cholesky(), c);
    }
}
