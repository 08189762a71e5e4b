using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// Figures are drawn by ScottPlot inside the plugin's own load context (the host carries an older SkiaSharp);
/// these tests run the real discovery path, so they fail if that isolation breaks.
/// </summary>
public sealed class RegressionFigureTests
{
    [Fact]
    public void Runs_and_their_comparison_write_non_trivial_figures()
    {
        using var temp = new TempDirectory();
        var test2 = RegressionRuns.Run("scaled", new Dictionary<string, object?> { ["FirstColumnScale"] = 0.3 }, epochs: 120, burnIn: 40);

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, RegressionRuns.Run("plain", epochs: 120, burnIn: 40), test2));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.DoesNotContain("Figures could not be drawn", result.Error, StringComparison.Ordinal);
        var expected = new[] { "plain", "scaled" }
            .SelectMany(run => new[] { "coefficients.png", "test-mse.png", "test-mae.png" }.Select(f => Path.Combine(RegressionRuns.Directory(temp, run), f)))
            .Concat(new[] { "regression-posterior-b1-b2.png", "regression-test-mse.png", "regression-test-mae.png" }.Select(f => Path.Combine(temp.File("out"), f)))
            .ToList();
        foreach (var path in expected)
        {
            Assert.True(File.Exists(path), $"{path} is missing");
            Assert.True(new FileInfo(path).Length > 10_000, $"{path} has only {new FileInfo(path).Length} bytes");
            var image = PngImage.Read(path);
            Assert.True(image.Width >= 800 && image.Height >= 500, $"{path} is {image.Width}x{image.Height}");
            // Axes, text, grid and several coloured series: far more than a blank or single-colour canvas.
            Assert.True(image.DistinctColors > 50, $"{path} has only {image.DistinctColors} colours");
        }

        var summary = RegressionRuns.Summary(temp, "plain");
        Assert.Equal(["coefficients.png", "test-mse.png", "test-mae.png"],
            summary.GetProperty("figures").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public void The_coefficient_figure_shows_the_truth_in_its_own_colour_only_for_synthetic_data()
    {
        using var temp = new TempDirectory();
        var generate = HostRun.Invoke("generate", "--problem", "linear-regression", "--samples", "40", "--out", temp.File("data.csv"),
            "--set", "Predictors=10");
        Assert.True(generate.ExitCode == 0, generate.Error);

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp,
            RegressionRuns.Run("synthetic", epochs: 60, burnIn: 20),
            RegressionRuns.CsvRun("user", temp.File("data.csv"), temp.File("data.csv"), epochs: 60, burnIn: 20)));

        Assert.True(result.ExitCode == 0, result.Error);
        // Crimson (#dc143c) anti-aliased on white: strongly red, little green; nothing else in the figure is.
        static int RedPixels(string path) => PngImage.Read(path).Pixels.Count(p => (p >> 24) > 180 && ((p >> 16) & 0xff) < 120 && ((p >> 8) & 0xff) < 140);
        Assert.True(RedPixels(Path.Combine(RegressionRuns.Directory(temp, "synthetic"), "coefficients.png")) > 20);
        Assert.Equal(0, RedPixels(Path.Combine(RegressionRuns.Directory(temp, "user"), "coefficients.png")));
    }
}
