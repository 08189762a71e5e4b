using ScottPlot;
using ScottPlot.MultiplotLayouts;

namespace SparsePlugins.Problems.Darcy.Figures;

/// <summary>
/// A figure of rows x columns equal panels under a title strip. ScottPlot's grid layouts split the image into equal
/// rows, so the layout is a grid of <see cref="Unit"/>-pixel rows: the title takes a few, each panel many, and both
/// keep a fixed pixel height whatever the number of panel rows (a panel height is rounded down to whole units).
/// </summary>
internal sealed class PanelGrid
{
    private const int Unit = 10;
    private const int TitleUnits = 5;
    private readonly Plot[,] _panels;

    public PanelGrid(string title, int rows, int columns, int panelWidth, int panelHeight)
    {
        var panelUnits = Math.Max(1, panelHeight / Unit);
        var unitRows = TitleUnits + rows * panelUnits;
        var layout = new CustomGrid();
        Figure = new Multiplot();
        Figure.Layout = layout;
        layout.Set(TitleStrip(Figure.GetPlot(0), title), new GridCell(0, 0, unitRows, columns, TitleUnits, columns));

        _panels = new Plot[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                _panels[r, c] = Figure.AddPlot();
                layout.Set(_panels[r, c], new GridCell(TitleUnits + r * panelUnits, c, unitRows, columns, panelUnits, 1));
            }
        }

        Width = columns * panelWidth;
        Height = unitRows * Unit;
    }

    public Multiplot Figure { get; }

    public int Width { get; }

    public int Height { get; }

    public Plot this[int row, int column] => _panels[row, column];

    public string Save(string path) => FigureFile.Write(path, temp => Figure.SavePng(temp, Width, Height));

    // A plot with nothing but its title: Multiplot has no figure-level title of its own.
    private static Plot TitleStrip(Plot plot, string title)
    {
        plot.Title(title, 18);
        plot.HideGrid();
        plot.Axes.Frame(false);
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.IsVisible = false;
        }

        return plot;
    }
}
