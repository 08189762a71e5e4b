using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy.Figures;

public static partial class DarcyFigures
{
    /// <summary>
    /// Horizontal (top row) and vertical (bottom row) velocity magnitude per cell: true, posterior mean, posterior
    /// sd (paper Figures 6-8). True and mean share one colour scale per row so that they compare by colour; the sd,
    /// a different quantity, has its own scale and colour map.
    /// </summary>
    /// <returns>The full path written.</returns>
    public static string Prediction(string path, DarcyGrid grid, string title, double[] trueVelocity, double[] meanVelocity, double[] sdVelocity)
    {
        ArgumentNullException.ThrowIfNull(grid);
        const string what = "face velocities 2N(N+1)";
        FigureArguments.RequireLength(trueVelocity, grid.VelocityLength, nameof(trueVelocity), what);
        FigureArguments.RequireLength(meanVelocity, grid.VelocityLength, nameof(meanVelocity), what);
        FigureArguments.RequireLength(sdVelocity, grid.VelocityLength, nameof(sdVelocity), what);

        var figure = new PanelGrid(title, 2, 3, FieldPanel.Width, FieldPanel.Height);
        DrawPredictionRow(figure, 0, grid, "horizontal |u_x|", CellFields.HorizontalMagnitude, trueVelocity, meanVelocity, sdVelocity);
        DrawPredictionRow(figure, 1, grid, "vertical |u_y|", CellFields.VerticalMagnitude, trueVelocity, meanVelocity, sdVelocity);
        return figure.Save(path);
    }

    private static void DrawPredictionRow(PanelGrid figure, int row, DarcyGrid grid, string component,
        Func<DarcyGrid, double[], double[]> magnitude, double[] trueVelocity, double[] meanVelocity, double[] sdVelocity)
    {
        double[] truth = magnitude(grid, trueVelocity), mean = magnitude(grid, meanVelocity);
        // Only face sds are given, not their covariances: the mean of a cell's two face sds bounds the sd of its
        // average velocity from above (equal when the faces are perfectly correlated) and shows where the
        // posterior is unsure, which is what the paper's sd panels are for.
        var sd = magnitude(grid, sdVelocity);
        var shared = ColorRange.Of(truth, mean);
        FieldPanel.Draw(figure[row, 0], grid, truth, $"true {component}", shared, new ScottPlot.Colormaps.Viridis());
        FieldPanel.Draw(figure[row, 1], grid, mean, $"posterior mean {component}", shared, new ScottPlot.Colormaps.Viridis());
        FieldPanel.Draw(figure[row, 2], grid, sd, $"posterior sd {component}", ColorRange.Of(sd), new ScottPlot.Colormaps.Inferno());
    }
}
