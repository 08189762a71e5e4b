namespace SparsePlugins.Darcy.Tests;

public class VelocityNormsTests
{
    private static double[] RandomVelocity(DarcyGrid grid, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, grid.VelocityLength).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    [Fact]
    public void SquaredNormIsTheIntegralOfTheReconstructedField()
    {
        // 2-point Gauss is exact for the squared linear interpolant on each cell.
        var grid = new DarcyGrid(5);
        var u = RandomVelocity(grid, 1);
        var weight = TestFields.LogNormal(5, 10, 2);
        double[] nodes = [0.5 - 0.5 / Math.Sqrt(3), 0.5 + 0.5 / Math.Sqrt(3)];
        var integral = 0.0;
        for (var j = 0; j < 5; j++)
        {
            for (var i = 0; i < 5; i++)
            {
                foreach (var s in nodes)
                {
                    foreach (var t in nodes)
                    {
                        var ux = (1 - s) * u[grid.XFace(i, j)] + s * u[grid.XFace(i + 1, j)];
                        var uy = (1 - t) * u[grid.YFace(i, j)] + t * u[grid.YFace(i, j + 1)];
                        integral += 0.25 * grid.H * grid.H * weight[grid.Cell(i, j)] * (ux * ux + uy * uy);
                    }
                }
            }
        }

        Assert.Equal(integral, VelocityNorms.SquaredNorm(grid, u, weight), 1e-12);
    }

    [Fact]
    public void RelativeErrorsScaleAndWeightAsExpected()
    {
        var grid = new DarcyGrid(6);
        var truth = RandomVelocity(grid, 3);
        var kappa = TestFields.LogNormal(6, 1e3, 4);
        var scaled = truth.Select(v => 1.03 * v).ToArray();
        var errors = VelocityNorms.RelativeErrors(grid, scaled, truth, kappa);
        Assert.Equal(0.03, errors.E1, 1e-12);
        Assert.Equal(0.03, errors.E2, 1e-12);

        var zero = VelocityNorms.RelativeErrors(grid, new double[grid.VelocityLength], truth, kappa);
        Assert.Equal(1.0, zero.E1, 1e-12);
        Assert.Equal(1.0, zero.E2, 1e-12);

        // A perturbation confined to the cells of highest permeability counts less in the kappa^-1 norm.
        var perturbed = (double[])truth.Clone();
        var stiffest = Array.IndexOf(kappa, kappa.Max());
        perturbed[grid.XFace(stiffest % 6, stiffest / 6)] += 1;
        var local = VelocityNorms.RelativeErrors(grid, perturbed, truth, kappa);
        Assert.True(local.E2 < local.E1);
    }

    [Fact]
    public void FloatBatchMeanMatchesPerSampleErrors()
    {
        var grid = new DarcyGrid(4);
        var truths = new[] { RandomVelocity(grid, 5), RandomVelocity(grid, 6) };
        var predictions = new[] { RandomVelocity(grid, 7), RandomVelocity(grid, 8) };
        var kappas = new[] { TestFields.LogNormal(4, 10, 9), TestFields.LogNormal(4, 10, 10) };
        var expected = Enumerable.Range(0, 2)
            .Select(s => VelocityNorms.RelativeErrors(grid, predictions[s].Select(v => (double)(float)v).ToArray(), truths[s], kappas[s].Select(v => (double)(float)v).ToArray()))
            .ToArray();
        var mean = VelocityNorms.MeanRelativeErrors(
            grid,
            predictions.SelectMany(p => p).Select(v => (float)v).ToArray(),
            truths.SelectMany(t => t).ToArray(),
            kappas.SelectMany(k => k).Select(v => (float)v).ToArray());
        Assert.Equal((expected[0].E1 + expected[1].E1) / 2, mean.E1, 1e-12);
        Assert.Equal((expected[0].E2 + expected[1].E2) / 2, mean.E2, 1e-12);
        Assert.Throws<ArgumentException>(() => VelocityNorms.RelativeErrors(grid, new double[3], truths[0], kappas[0]));
    }
}
