using MathNet.Numerics.LinearAlgebra;
using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// What a network must beat (ERRATA 9): predicting the training mean velocity, and least squares of the velocity on
/// linear features of the permeability: the KLE coefficients (its principal components) for KLE fields, the
/// block-averaged log permeability (about 10 x 10 blocks) for channel fields, which have no coefficients. Errors are
/// mean e1/e2 as fractions.
/// </summary>
/// <param name="LinearKey">The key of the linear baseline in <c>baselines.json</c>.</param>
/// <param name="LinearFeatures">What the linear baseline regresses on, in words.</param>
public sealed record DarcyBaselines(VelocityErrors TrainingMean, VelocityErrors Linear, string LinearKey, string LinearFeatures)
{
    /// <summary>Blocks per side of the channel baseline's features.</summary>
    public const int BlocksPerSide = 10;

    /// <summary>Fits on samples [0, trainCount), evaluates on samples [testStart, end).</summary>
    public static DarcyBaselines Compute(DarcyDataset data, int trainCount, int testStart)
    {
        var grid = data.Grid;
        int length = grid.VelocityLength;
        var features = Features(data);
        int width = features(0).Length;

        var mean = new double[length];
        for (int s = 0; s < trainCount; s++)
        {
            var u = data.VelocityOf(s);
            for (int j = 0; j < length; j++) mean[j] += u[j] / trainCount;
        }

        // Least squares [1, x] -> u over the training set, solved once for all outputs: by QR, or, with fewer training
        // samples than features (a small data set with many KLE terms), the minimum-norm solution by SVD.
        var rows = Enumerable.Range(0, trainCount).Select(features).ToArray();
        var design = Matrix<double>.Build.Dense(trainCount, width + 1, (s, t) => t == 0 ? 1.0 : rows[s][t - 1]);
        var targets = Matrix<double>.Build.Dense(trainCount, length, (s, j) => data.VelocityOf(s)[j]);
        var weights = trainCount > width + 1 ? design.QR().Solve(targets) : design.Svd().Solve(targets);

        var meanErrors = new List<VelocityErrors>();
        var linearErrors = new List<VelocityErrors>();
        var prediction = new double[length];
        var kappa = new double[grid.CellCount];
        for (int s = testStart; s < data.Samples; s++)
        {
            var k = data.PermeabilityOf(s);
            for (int c = 0; c < kappa.Length; c++) kappa[c] = k[c];
            meanErrors.Add(VelocityNorms.RelativeErrors(grid, mean, data.VelocityOf(s), kappa));
            var x = features(s);
            for (int j = 0; j < length; j++)
            {
                double v = weights[0, j];
                for (int t = 0; t < width; t++) v += x[t] * weights[t + 1, j];
                prediction[j] = v;
            }
            linearErrors.Add(VelocityNorms.RelativeErrors(grid, prediction, data.VelocityOf(s), kappa));
        }
        return data.Options.Channels is null
            ? new(Average(meanErrors), Average(linearErrors), "linearRegressionOnKle", $"the {width} KLE coefficients")
            : new(Average(meanErrors), Average(linearErrors), "linearRegressionOnBlocks",
                $"log permeability averaged over {BlockSize(grid.N)} x {BlockSize(grid.N)} blocks ({width} features)");
    }

    /// <summary>As written into <c>baselines.json</c> (percent).</summary>
    public Dictionary<string, object?> ToJson() => new()
    {
        ["trainingMean"] = new { e1 = 100 * TrainingMean.E1, e2 = 100 * TrainingMean.E2 },
        [LinearKey] = new { e1 = 100 * Linear.E1, e2 = 100 * Linear.E2 },
        ["linearFeatures"] = LinearFeatures,
    };

    private static Func<int, double[]> Features(DarcyDataset data)
    {
        if (data.Options.Channels is null) return s => data.CoefficientsOf(s).ToArray();
        int n = data.Grid.N, block = BlockSize(n), blocks = (n + block - 1) / block;
        return s =>
        {
            var kappa = data.PermeabilityOf(s);
            var sums = new double[blocks * blocks];
            var counts = new int[blocks * blocks];
            for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
            {
                int b = j / block * blocks + i / block;
                sums[b] += Math.Log(kappa[j * n + i]);
                counts[b]++;
            }
            for (int b = 0; b < sums.Length; b++) sums[b] /= counts[b];
            return sums;
        };
    }

    private static int BlockSize(int n) => Math.Max(1, n / BlocksPerSide);

    private static VelocityErrors Average(List<VelocityErrors> errors) =>
        new(errors.Average(e => e.E1), errors.Average(e => e.E2));
}
