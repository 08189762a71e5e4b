using MathNet.Numerics.LinearAlgebra;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// Ordinary least squares of y on a subset of X's columns (no intercept, as in the model y = X b). On the true
/// support it is the oracle estimate a good sparse posterior mean should approach.
/// </summary>
public static class LeastSquares
{
    /// <param name="columns">0-based column indices.</param>
    public static double[] Fit(double[,] x, double[] y, IReadOnlyList<int> columns)
    {
        int n = x.GetLength(0);
        if (columns.Count == 0) return [];
        if (columns.Count > n)
        {
            throw new ArgumentException($"Least squares on {columns.Count} columns needs at least as many observations (have {n}).");
        }
        var design = Matrix<double>.Build.Dense(n, columns.Count, (i, j) => x[i, columns[j]]);
        return design.QR().Solve(Vector<double>.Build.DenseOfArray(y)).ToArray();
    }
}
