using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Darcy;

/// <summary>
/// The Darcy figures (SparsePlugins.Problems.Darcy.Figures). The plugin draws with ScottPlot, which needs SkiaSharp 3,
/// while TorchSharp brings SkiaSharp 2 into this process; so, like the host, the tests reach the plugin through
/// discovery (its own load context) and call the figure API by reflection. DarcyGrid and the argument types are
/// shared with this context, so real arguments pass straight through.
/// </summary>
public sealed class DarcyFigureTests
{
    private const string Figures = "SparsePlugins.Problems.Darcy.Figures.";

    private static readonly Lazy<Assembly> Plugin = new(() =>
    {
        var catalog = new PluginCatalog(NullLogger<PluginCatalog>.Instance);
        catalog.Discover([TestPaths.Plugins]);
        return catalog.Find(PluginKind.Problem, "kle-darcy")!.Factory.GetType().Assembly;
    });

    private static T Call<T>(string type, string method, params object?[] arguments)
    {
        var info = Plugin.Value.GetType(Figures + type, throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!;
        // Unwrapped, so Assert.Throws sees the ArgumentException itself.
        return (T)info.Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null)!;
    }

    // Analytic fields on the cell centres and faces of a small grid.
    private static double[] Cells(DarcyGrid grid, Func<double, double, double> f) =>
        Enumerable.Range(0, grid.CellCount).Select(k => f((k % grid.N + 0.5) * grid.H, (k / grid.N + 0.5) * grid.H)).ToArray();

    private static double[] Velocity(DarcyGrid grid, double scale)
    {
        var u = new double[grid.VelocityLength];
        for (var j = 0; j < grid.N; j++)
        {
            for (var i = 0; i <= grid.N; i++)
            {
                u[grid.XFace(i, j)] = scale * (1 + Math.Sin(3 * i * grid.H) * Math.Cos(2 * (j + 0.5) * grid.H));
                u[grid.YFace(j, i)] = scale * Math.Sin(Math.PI * i * grid.H) * ((j + 0.5) * grid.H - 0.5);
            }
        }

        return u;
    }

    private static List<(string Label, double[] Kappa, double[] Pressure, double[] Velocity)> Samples(DarcyGrid grid, int count) =>
        Enumerable.Range(1, count)
            .Select(s => ($"sample {s}", Cells(grid, (_, y) => s + y), Cells(grid, (x, _) => 1 - x), Velocity(grid, s)))
            .ToList();

    private static void AssertFigure(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"{path} is missing");
        var image = PngImage.Read(path);
        Assert.Equal((width, height), (image.Width, image.Height));
        // Heatmaps, colour bars, lines and anti-aliased text: far more than a blank or single-colour canvas.
        Assert.True(image.DistinctColors > 50, $"{path} has only {image.DistinctColors} colours");
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Cell_magnitudes_average_the_two_faces_of_each_cell()
    {
        var grid = new DarcyGrid(2);
        // x-faces j (N + 1) + i: row 0 = 1, 3, -5; row 1 = 2, -2, 4. y-faces N(N + 1) + j N + i: rows 1, -1 | 3, 1 | -7, 5.
        double[] velocity = [1, 3, -5, 2, -2, 4, 1, -1, 3, 1, -7, 5];

        var horizontal = Call<double[]>("CellFields", "HorizontalMagnitude", grid, velocity);
        var vertical = Call<double[]>("CellFields", "VerticalMagnitude", grid, velocity);

        // Cells j N + i: (0,0), (1,0), (0,1), (1,1).
        Assert.Equal([2.0, 1.0, 0.0, 1.0], horizontal);
        Assert.Equal([2.0, 0.0, 2.0, 3.0], vertical);
        Assert.Throws<ArgumentException>(() => Call<double[]>("CellFields", "VerticalMagnitude", grid, new double[11]));
    }

    [Fact]
    public void The_image_of_a_cell_field_has_the_top_grid_row_first()
    {
        var grid = new DarcyGrid(3);
        var cells = Enumerable.Range(0, grid.CellCount).Select(k => (double)k).ToArray();

        var image = Call<double[,]>("CellImage", "TopRowFirst", grid, cells);

        Assert.Equal(cells[grid.Cell(0, 2)], image[0, 0]);
        Assert.Equal(cells[grid.Cell(2, 2)], image[0, 2]);
        Assert.Equal(cells[grid.Cell(0, 0)], image[2, 0]);
        Assert.Equal(cells[grid.Cell(1, 0)], image[2, 1]);
    }

    [Fact]
    public void Sample_fields_draw_one_row_per_sample_with_y_one_at_the_top()
    {
        using var temp = new TempDirectory();
        var grid = new DarcyGrid(10);

        var path = Call<string>("DarcyFigures", "SampleFields", temp.File("fields.png"), grid, Samples(grid, 2));

        // Four 390 x 300 panels per row under a 50-pixel title strip.
        AssertFigure(path, 4 * 390, 50 + 2 * 300);
        // kappa grows with y: the first panel's data area (x 70-300, y 90-320) is yellow (viridis top) at its top
        // edge and purple (viridis bottom) at its bottom edge, unless the picture is upside down.
        var png = PngImage.Read(path);
        uint Pixel(int x, int y) => png.Pixels[y * png.Width + x];
        static bool Yellow(uint p) => p >> 24 > 200 && (p >> 16 & 0xff) > 180 && (p >> 8 & 0xff) < 100;
        static bool Purple(uint p) => p >> 24 < 110 && (p >> 16 & 0xff) < 60 && (p >> 8 & 0xff) > 60;
        Assert.True(Yellow(Pixel(185, 95)), $"top of the permeability panel is {Pixel(185, 95):x8}");
        Assert.True(Purple(Pixel(185, 315)), $"bottom of the permeability panel is {Pixel(185, 315):x8}");
    }

    [Fact]
    public void Sample_fields_refuse_a_sample_of_the_wrong_size()
    {
        using var temp = new TempDirectory();
        var grid = new DarcyGrid(8);
        var samples = Samples(grid, 2);
        samples[1] = (samples[1].Label, samples[1].Kappa, new double[grid.CellCount - 1], samples[1].Velocity);

        var error = Assert.Throws<ArgumentException>(() => Call<string>("DarcyFigures", "SampleFields", temp.File("f.png"), grid, samples));

        Assert.Contains("sample 2: pressure has 63 values; expected 64", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path));
        Assert.Throws<ArgumentException>(() => Call<string>("DarcyFigures", "SampleFields", temp.File("f.png"), grid, Samples(grid, 0)));
    }

    [Fact]
    public void Prediction_draws_truth_mean_and_sd_for_both_components()
    {
        using var temp = new TempDirectory();
        var grid = new DarcyGrid(12);
        var truth = Velocity(grid, 1);
        var mean = truth.Select((u, k) => u + 0.05 * Math.Sin(k)).ToArray();
        var sd = truth.Select((_, k) => 0.01 + 0.02 * Math.Abs(Math.Cos(0.3 * k))).ToArray();

        var path = Call<string>("DarcyFigures", "Prediction", temp.File("prediction.png"), grid, "test sample 1", truth, mean, sd);

        AssertFigure(path, 3 * 390, 50 + 2 * 300);
        var error = Assert.Throws<ArgumentException>(() =>
            Call<string>("DarcyFigures", "Prediction", temp.File("bad.png"), grid, "t", truth, mean[..^1], sd));
        Assert.Equal("meanVelocity", error.ParamName);
    }

    [Fact]
    public void Learning_curves_draw_every_series_on_a_log_axis()
    {
        using var temp = new TempDirectory();
        var epochs = Enumerable.Range(1, 50).Select(e => (double)e).ToArray();
        var series = new List<(string Label, double[] X, double[] Y)>
        {
            ("SGLD", epochs, epochs.Select(e => 10 * Math.Exp(-e / 10) + 0.1).ToArray()),
            // A zero and a NaN cannot be shown on a log axis and are left out, not an error.
            ("SGHMC", epochs, epochs.Select(e => e == 5 ? 0 : e == 6 ? double.NaN : 30 * Math.Exp(-e / 5) + 0.05).ToArray()),
        };

        var path = Call<string>("DarcyFigures", "LearningCurves", temp.File("curves.png"), "test error", series, "epoch", "e2 (%)");

        AssertFigure(path, 900, 600);
        series.Add(("short", epochs, epochs[..^1]));
        var error = Assert.Throws<ArgumentException>(() =>
            Call<string>("DarcyFigures", "LearningCurves", temp.File("bad.png"), "t", series, "x", "y"));
        Assert.Contains("series 'short'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibration_draws_observed_against_nominal_coverage()
    {
        using var temp = new TempDirectory();
        double[] nominal = [0.1, 0.3, 0.5, 0.7, 0.9, 0.95];
        double[] observed = [0.05, 0.22, 0.41, 0.63, 0.86, 0.93];

        var path = Call<string>("DarcyFigures", "Calibration", temp.File("calibration.png"), "coverage", nominal, observed);

        AssertFigure(path, 700, 700);
        Assert.Throws<ArgumentException>(() => Call<string>("DarcyFigures", "Calibration", temp.File("bad.png"), "t", nominal, observed[..^1]));
        Assert.Throws<ArgumentException>(() => Call<string>("DarcyFigures", "Calibration", temp.File("bad.png"), "t", nominal, observed.Select(v => 100 * v).ToArray()));
    }

    [Fact]
    public void A_figure_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        using var temp = new TempDirectory();
        var path = temp.File("calibration.png");
        File.WriteAllText(path, "old");

        Call<string>("DarcyFigures", "Calibration", path, "coverage", new[] { 0.5, 0.9 }, new[] { 0.45, 0.88 });

        AssertFigure(path, 700, 700);
    }
}
