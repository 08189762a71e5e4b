using MathNet.Numerics.LinearAlgebra;
using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// What a network must beat (ERRATA 9): predicting the training mean velocity, and linear regression of the
/// velocity on the KLE coefficients (the permeability's principal components). Both as mean e1/e2 in percent.
/// </summary>
public static class DarcyBaselines
{
    /// <summary>Fits on samples [0, trainCount), evaluates on samples [testStart, end).</summary>
    public static (VelocityErrors TrainingMean, VelocityErrors LinearRegression) Compute(DarcyDataset data, int trainCount, int testStart)
    {
        var grid = data.Grid;
        int length = grid.VelocityLength, terms = data.Terms;

        var mean = new double[length];
        for (int s = 0; s < trainCount; s++)
        {
            var u = data.VelocityOf(s);
            for (int j = 0; j < length; j++) mean[j] += u[j] / trainCount;
        }

        // Least squares [1, mu] -> u over the training set, solved once for all outputs: by QR, or, with fewer training
        // samples than coefficients (a small data set with many KLE terms), the minimum-norm solution by SVD.
        var design = Matrix<double>.Build.Dense(trainCount, terms + 1, (s, t) => t == 0 ? 1.0 : data.CoefficientsOf(s)[t - 1]);
        var targets = Matrix<double>.Build.Dense(trainCount, length, (s, j) => data.VelocityOf(s)[j]);
        var weights = trainCount > terms + 1 ? design.QR().Solve(targets) : design.Svd().Solve(targets);

        var meanErrors = new List<VelocityErrors>();
        var linearErrors = new List<VelocityErrors>();
        var prediction = new double[length];
        var kappa = new double[grid.CellCount];
        for (int s = testStart; s < data.Samples; s++)
        {
            var k = data.PermeabilityOf(s);
            for (int c = 0; c < kappa.Length; c++) kappa[c] = k[c];
            meanErrors.Add(VelocityNorms.RelativeErrors(grid, mean, data.VelocityOf(s), kappa));
            var mu = data.CoefficientsOf(s);
            for (int j = 0; j < length; j++)
            {
                double v = weights[0, j];
                for (int t = 0; t < terms; t++) v += mu[t] * weights[t + 1, j];
                prediction[j] = v;
            }
            linearErrors.Add(VelocityNorms.RelativeErrors(grid, prediction, data.VelocityOf(s), kappa));
        }
        return (Average(meanErrors), Average(linearErrors));
    }

    private static VelocityErrors Average(List<VelocityErrors> errors) =>
        new(errors.Average(e => e.E1), errors.Average(e => e.E2));
}
