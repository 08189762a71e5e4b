using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace SparsePlugins.Problems.Regression;

/// <summary>Draws (X, y) as in the paper's Section 6.1 from a Toeplitz covariance via its Cholesky factor.</summary>
public static class SyntheticRegressionData
{
    public static (double[,] X, double[] Y) Draw(LinearRegressionOptions options, int rows, int seed)
    {
        int p = options.Predictors;
        var covariance = Matrix<double>.Build.Dense(p, p, (i, j) => Math.Pow(options.Correlation, Math.Abs(i - j)));
        var lower = covariance.Cholesky().Factor;
        var random = new Random(seed);
        var z = Matrix<double>.Build.Dense(rows, p, (_, _) => Normal.Sample(random, 0, 1));
        var x = z * lower.Transpose();
        if (!options.ScaleAfterResponse) x.SetColumn(0, x.Column(0) * options.FirstColumnScale);
        var beta = Coefficients(options);
        var noiseSd = Math.Sqrt(options.NoiseVariance);
        var y = x * Vector<double>.Build.DenseOfArray(beta);
        for (int i = 0; i < rows; i++) y[i] += Normal.Sample(random, 0, noiseSd);
        if (options.ScaleAfterResponse) x.SetColumn(0, x.Column(0) * options.FirstColumnScale);
        return (x.ToArray(), y.ToArray());
    }

    /// <summary>The coefficients of the predictors the model sees: b_1 / FirstColumnScale on the first column when it
    /// was scaled after drawing y (then y = X b + e holds for the unscaled X).</summary>
    public static double[] TrueCoefficients(LinearRegressionOptions options)
    {
        var beta = Coefficients(options);
        if (options.ScaleAfterResponse && beta.Length > 0) beta[0] /= options.FirstColumnScale;
        return beta;
    }

    private static double[] Coefficients(LinearRegressionOptions options)
    {
        var beta = new double[options.Predictors];
        Array.Copy(options.Coefficients, beta, options.Coefficients.Length);
        return beta;
    }
}
