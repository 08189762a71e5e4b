using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy.Figures;

public static partial class DarcyFigures
{
    private static readonly string[] SampleColumns = ["permeability", "pressure", "horizontal |u_x|", "vertical |u_y|"];

    /// <summary>
    /// One row per sample (e.g. KLE 32, 64, 128), four heatmaps per row, each with its own colour bar: permeability,
    /// pressure, horizontal and vertical velocity magnitude per cell (paper Figure 4).
    /// </summary>
    /// <returns>The full path written.</returns>
    public static string SampleFields(string path, DarcyGrid grid,
        IReadOnlyList<(string Label, double[] Kappa, double[] Pressure, double[] Velocity)> samples)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("There are no samples to draw.", nameof(samples));
        }

        foreach (var s in samples)
        {
            CheckSample(grid, s.Label, s.Kappa, s.Pressure, s.Velocity);
        }

        const string title = "Permeability, pressure and velocity magnitude per sample";
        var figure = new PanelGrid(title, samples.Count, SampleColumns.Length, FieldPanel.Width, FieldPanel.Height);
        for (var r = 0; r < samples.Count; r++)
        {
            var (label, kappa, pressure, velocity) = samples[r];
            double[][] fields = [kappa, pressure, CellFields.HorizontalMagnitude(grid, velocity), CellFields.VerticalMagnitude(grid, velocity)];
            for (var c = 0; c < fields.Length; c++)
            {
                FieldPanel.Draw(figure[r, c], grid, fields[c], SampleColumns[c], ColorRange.Of(fields[c]), new ScottPlot.Colormaps.Viridis());
            }

            figure[r, 0].YLabel(label, 16);
        }

        return figure.Save(path);
    }

    private static void CheckSample(DarcyGrid grid, string label, double[] kappa, double[] pressure, double[] velocity)
    {
        FigureArguments.RequireLength(kappa, grid.CellCount, $"{label}: kappa", "one value per cell N^2", "samples");
        FigureArguments.RequireLength(pressure, grid.CellCount, $"{label}: pressure", "one value per cell N^2", "samples");
        FigureArguments.RequireLength(velocity, grid.VelocityLength, $"{label}: velocity", "face velocities 2N(N+1)", "samples");
    }
}
