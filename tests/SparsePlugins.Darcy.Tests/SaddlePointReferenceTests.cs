using MathNet.Numerics.LinearAlgebra;

namespace SparsePlugins.Darcy.Tests;

/// <summary>
/// Compares the solver with the full RT0-P0 saddle-point system assembled cell by cell from the textbook element
/// matrices (unscaled, Neumann faces pinned by identity rows) and solved by dense LU.
/// </summary>
public class SaddlePointReferenceTests
{
    [Theory]
    [InlineData(6, 1e4, 11)]
    [InlineData(9, 1e2, 12)]
    public void MatchesDenseLuOfTheAssembledSystem(int n, double contrast, int seed)
    {
        const double f = 1.5, pl = 2.0, pr = 0.5;
        var grid = new DarcyGrid(n);
        var kappa = TestFields.LogNormal(n, contrast, seed);
        var faces = grid.VelocityLength;
        var size = faces + grid.CellCount;
        var h = grid.H;
        var a = Matrix<double>.Build.Dense(size, size);
        var rhs = Vector<double>.Build.Dense(size);

        // Local faces in order left, right, bottom, top; outward sign of each; mass pairs (left,right) and (bottom,top).
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var cell = faces + grid.Cell(i, j);
                int[] local = [grid.XFace(i, j), grid.XFace(i + 1, j), grid.YFace(i, j), grid.YFace(i, j + 1)];
                double[] outward = [-1, 1, -1, 1];
                var m = h * h / kappa[grid.Cell(i, j)];
                for (var pair = 0; pair < 2; pair++)
                {
                    int first = local[2 * pair], second = local[2 * pair + 1];
                    a[first, first] += m / 3;
                    a[second, second] += m / 3;
                    a[first, second] += m / 6;
                    a[second, first] += m / 6;
                }

                for (var e = 0; e < 4; e++)
                {
                    // -(p, div v) in the momentum rows, (div u, q) in the continuity row.
                    a[local[e], cell] -= outward[e] * h;
                    a[cell, local[e]] += outward[e] * h;
                }

                rhs[cell] = f * h * h;
            }
        }

        for (var j = 0; j < n; j++)
        {
            // -<pD, v.n>: v.n = -1 on x = 0 and +1 on x = 1, over a face of length h.
            rhs[grid.XFace(0, j)] += pl * h;
            rhs[grid.XFace(n, j)] -= pr * h;
        }

        for (var i = 0; i < n; i++)
        {
            foreach (var face in new[] { grid.YFace(i, 0), grid.YFace(i, n) })
            {
                a.ClearRow(face);
                a.ClearColumn(face);
                a[face, face] = 1;
                rhs[face] = 0;
            }
        }

        var reference = a.LU().Solve(rhs);
        var solution = new DarcySolution(grid);
        new RT0Solver(grid, f, pl, pr).Solve(kappa, solution);

        var uScale = reference.SubVector(0, faces).AbsoluteMaximum();
        var pScale = reference.SubVector(faces, grid.CellCount).AbsoluteMaximum();
        for (var k = 0; k < faces; k++)
        {
            Assert.True(Math.Abs(solution.Velocity[k] - reference[k]) <= 1e-9 * uScale, $"face {k}: {solution.Velocity[k]} vs {reference[k]}");
        }

        for (var k = 0; k < grid.CellCount; k++)
        {
            Assert.True(Math.Abs(solution.Pressure[k] - reference[faces + k]) <= 1e-9 * pScale, $"cell {k}: {solution.Pressure[k]} vs {reference[faces + k]}");
        }
    }
}
