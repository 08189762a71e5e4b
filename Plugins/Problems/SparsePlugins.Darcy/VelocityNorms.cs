using System.Numerics;

namespace SparsePlugins.Darcy;

/// <summary>
/// L2(Omega) norms of RT0 velocity fields given by their face values, through the RT0 mass matrix rather than the
/// Euclidean norm of the DOF vector: on a cell of width h, with normal velocities a, b on two opposite faces, that
/// component contributes h^2 (a^2 + a b + b^2) / 3, exactly its integral of the linear interpolant squared.
/// </summary>
public static class VelocityNorms
{
    /// <summary>||u||^2 in L2(Omega), weighted per cell by <paramref name="cellWeight"/> (empty: weight 1).</summary>
    public static double SquaredNorm(DarcyGrid grid, ReadOnlySpan<double> velocity, ReadOnlySpan<double> cellWeight)
    {
        CheckLengths(grid, velocity.Length, velocity.Length, cellWeight.IsEmpty ? grid.CellCount : cellWeight.Length, 1);
        var n = grid.N;
        var y = grid.XFaceCount;
        var sum = 0.0;
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var q = Cell(velocity[j * (n + 1) + i], velocity[j * (n + 1) + i + 1])
                        + Cell(velocity[y + j * n + i], velocity[y + (j + 1) * n + i]);
                sum += cellWeight.IsEmpty ? q : q * cellWeight[j * n + i];
            }
        }

        return grid.H * grid.H * sum;
    }

    /// <summary>e1 and e2 of one prediction (ERRATA 11); <paramref name="kappa"/> is the permeability of the sample.</summary>
    public static VelocityErrors RelativeErrors(DarcyGrid grid, ReadOnlySpan<double> predicted, ReadOnlySpan<double> truth, ReadOnlySpan<double> kappa) =>
        Relative<double, double>(grid, predicted, truth, kappa);

    /// <inheritdoc cref="RelativeErrors(DarcyGrid, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    public static VelocityErrors RelativeErrors(DarcyGrid grid, ReadOnlySpan<float> predicted, ReadOnlySpan<double> truth, ReadOnlySpan<float> kappa) =>
        Relative<float, float>(grid, predicted, truth, kappa);

    /// <summary>
    /// Mean of e1 and e2 over a batch laid out sample after sample: velocities [S, 2N(N+1)], permeabilities [S, N, N].
    /// </summary>
    public static VelocityErrors MeanRelativeErrors(DarcyGrid grid, ReadOnlySpan<float> predicted, ReadOnlySpan<double> truth, ReadOnlySpan<float> kappa)
    {
        var v = grid.VelocityLength;
        var c = grid.CellCount;
        CheckLengths(grid, predicted.Length, truth.Length, kappa.Length, predicted.Length / Math.Max(v, 1));
        var samples = predicted.Length / v;
        double e1 = 0, e2 = 0;
        for (var s = 0; s < samples; s++)
        {
            var e = Relative<float, float>(grid, predicted.Slice(s * v, v), truth.Slice(s * v, v), kappa.Slice(s * c, c));
            e1 += e.E1;
            e2 += e.E2;
        }

        return samples == 0 ? new VelocityErrors(double.NaN, double.NaN) : new VelocityErrors(e1 / samples, e2 / samples);
    }

    private static VelocityErrors Relative<TPred, TKappa>(DarcyGrid grid, ReadOnlySpan<TPred> predicted, ReadOnlySpan<double> truth, ReadOnlySpan<TKappa> kappa)
        where TPred : INumberBase<TPred>
        where TKappa : INumberBase<TKappa>
    {
        CheckLengths(grid, predicted.Length, truth.Length, kappa.Length, 1);
        var n = grid.N;
        var y = grid.XFaceCount;
        double error = 0, norm = 0, weightedError = 0, weightedNorm = 0;
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                int left = j * (n + 1) + i, bottom = y + j * n + i, top = y + (j + 1) * n + i;
                var e = Cell(Difference(predicted, truth, left), Difference(predicted, truth, left + 1))
                        + Cell(Difference(predicted, truth, bottom), Difference(predicted, truth, top));
                var t = Cell(truth[left], truth[left + 1]) + Cell(truth[bottom], truth[top]);
                var inverseKappa = 1.0 / double.CreateChecked(kappa[j * n + i]);
                error += e;
                norm += t;
                weightedError += e * inverseKappa;
                weightedNorm += t * inverseKappa;
            }
        }

        return new VelocityErrors(Math.Sqrt(error / norm), Math.Sqrt(weightedError / weightedNorm));
    }

    private static double Difference<T>(ReadOnlySpan<T> predicted, ReadOnlySpan<double> truth, int k)
        where T : INumberBase<T> => double.CreateChecked(predicted[k]) - truth[k];

    private static double Cell(double a, double b) => (a * a + a * b + b * b) / 3;

    private static void CheckLengths(DarcyGrid grid, int predicted, int truth, int kappa, int samples)
    {
        if (predicted != truth || predicted != samples * grid.VelocityLength || kappa != samples * grid.CellCount)
        {
            throw new ArgumentException(
                $"For a {grid.N} x {grid.N} grid and {samples} sample(s) expected velocities of {samples * grid.VelocityLength} values " +
                $"and permeabilities of {samples * grid.CellCount}; got {predicted}, {truth} and {kappa}.");
        }
    }
}
