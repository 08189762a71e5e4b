using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy.Figures;

/// <summary>
/// Per-cell speeds from the face velocities of <see cref="DarcyGrid"/>. RT0 velocities live on faces, so a cell's
/// horizontal (vertical) component is the mean of its left and right (bottom and top) face values, the exact
/// cell average of the RT0 field; its magnitude is what the paper's field figures show.
/// </summary>
public static class CellFields
{
    /// <summary>|(u_x left + u_x right) / 2| per cell, indexed like <see cref="DarcyGrid.Cell"/>.</summary>
    public static double[] HorizontalMagnitude(DarcyGrid grid, double[] velocity)
    {
        ArgumentNullException.ThrowIfNull(grid);
        FigureArguments.RequireLength(velocity, grid.VelocityLength, nameof(velocity), "face velocities 2N(N+1)");
        return PerCell(grid, (i, j) => 0.5 * Math.Abs(velocity[grid.XFace(i, j)] + velocity[grid.XFace(i + 1, j)]));
    }

    /// <summary>|(u_y bottom + u_y top) / 2| per cell, indexed like <see cref="DarcyGrid.Cell"/>.</summary>
    public static double[] VerticalMagnitude(DarcyGrid grid, double[] velocity)
    {
        ArgumentNullException.ThrowIfNull(grid);
        FigureArguments.RequireLength(velocity, grid.VelocityLength, nameof(velocity), "face velocities 2N(N+1)");
        return PerCell(grid, (i, j) => 0.5 * Math.Abs(velocity[grid.YFace(i, j)] + velocity[grid.YFace(i, j + 1)]));
    }

    private static double[] PerCell(DarcyGrid grid, Func<int, int, double> value)
    {
        var cells = new double[grid.CellCount];
        for (var j = 0; j < grid.N; j++)
        {
            for (var i = 0; i < grid.N; i++)
            {
                cells[grid.Cell(i, j)] = value(i, j);
            }
        }

        return cells;
    }
}
