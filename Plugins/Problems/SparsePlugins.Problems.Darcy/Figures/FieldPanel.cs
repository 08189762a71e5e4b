using ScottPlot;
using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy.Figures;

/// <summary>
/// One cell field drawn on the unit square with its colour bar. The margins are fixed so that the data area is an
/// exact square of <see cref="Side"/> pixels: equal axis units without the blank bands ScottPlot's SquareUnits
/// adds by widening one axis beyond [0, 1], and panels that line up across a figure.
/// </summary>
internal static class FieldPanel
{
    private const int Side = 230;
    private const int Left = 70;   // tick labels and, in a figure's first column, the row label
    private const int Right = 90;  // colour bar and its tick labels
    private const int Bottom = 30;
    private const int Top = 40;    // panel title

    public const int Width = Left + Side + Right;
    public const int Height = Bottom + Side + Top;

    public static void Draw(Plot plot, DarcyGrid grid, double[] cells, string title, ScottPlot.Range range, IColormap colormap)
    {
        var heatmap = plot.Add.Heatmap(CellImage.TopRowFirst(grid, cells));
        // Rectangle places the outer cell edges at 0 and 1; Extent would put the cell centres there.
        heatmap.Rectangle = new CoordinateRect(0, 1, 0, 1);
        heatmap.Colormap = colormap;
        heatmap.ManualRange = range;
        plot.Add.ColorBar(heatmap).Axis.TickLabelStyle.FontSize = 11;
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Layout.Fixed(new PixelPadding(Left, Right, Bottom, Top));
        plot.HideGrid();
        plot.Title(title, 14);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
    }
}
