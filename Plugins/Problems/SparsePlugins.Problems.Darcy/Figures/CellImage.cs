using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy.Figures;

/// <summary>
/// Cell values as an image: grid rows count from the bottom (y = 0) while image rows, and ScottPlot's heatmap
/// intensities, count from the top, so drawing the cell array as it is would show the domain upside down.
/// </summary>
public static class CellImage
{
    /// <summary>[row, column] with row 0 the top grid row (y = 1) and column 0 the left one (x = 0).</summary>
    public static double[,] TopRowFirst(DarcyGrid grid, double[] cells)
    {
        ArgumentNullException.ThrowIfNull(grid);
        FigureArguments.RequireLength(cells, grid.CellCount, nameof(cells), "one value per cell N^2");
        var n = grid.N;
        var image = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                image[n - 1 - j, i] = cells[grid.Cell(i, j)];
            }
        }

        return image;
    }
}
