using System.Collections;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Tests.Support;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// Figures are drawn by ScottPlot inside the plugin's own load context (the host carries an older SkiaSharp);
/// these tests run the real discovery path, so they fail if that isolation breaks. The figure descriptions
/// (FigureSpec, plain data built before drawing) are reached by reflection for the same reason.
/// </summary>
public sealed class RegressionFigureTests
{
    private const string Namespace = "SparsePlugins.Problems.Regression.";

    private static readonly Lazy<Assembly> Plugin = new(() =>
    {
        var catalog = new PluginCatalog(NullLogger<PluginCatalog>.Instance);
        catalog.Discover([TestPaths.Plugins]);
        return catalog.Find(PluginKind.Problem, "linear-regression")!.Factory.GetType().Assembly;
    });

    private static T Call<T>(string type, string method, params object?[] arguments)
    {
        var info = Plugin.Value.GetType(Namespace + type, throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!;
        return (T)info.Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null)!;
    }

    private static T Get<T>(object instance, string property) => (T)instance.GetType().GetProperty(property)!.GetValue(instance)!;

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

    [Theory]
    [InlineData(new[] { 2.8, 3.1, 35.0 }, true)]
    [InlineData(new[] { 2.8, 3.1, 27.0 }, false)]
    // A log axis cannot show zero; such a figure stays linear.
    [InlineData(new[] { 0.0, 3.1, 350.0 }, false)]
    [InlineData(new[] { double.NaN, 1.2, 80.0 }, true)]
    public void A_history_takes_a_log_axis_when_its_values_span_more_than_a_decade(double[] values, bool log) =>
        Assert.Equal(log, Call<bool>("HistoryScale", "SpansDecades", values));

    /// <summary>
    /// The default job's shape: a one-chain Gaussian-prior run with test MSE ~30-100 beside a multi-chain SA run at ~3
    /// (chain 1 left out by chain selection), and a run whose metrics.csv is gone (its RunResult.History is drawn).
    /// </summary>
    [Fact]
    public void Cross_run_histories_draw_every_chain_labelled_on_a_log_axis_with_the_legend_outside()
    {
        using var temp = new TempDirectory();
        using var _ = NewDisposeScope();
        var results = new[]
        {
            Result(temp, "SGLD", chains: 1, mse: 60, mae: 6),
            Result(temp, "SGLD-SA", chains: 3, mse: 3, mae: 1.4, kept: [0, 2]),
            Result(temp, "PSGLD", chains: 0, mse: 40, mae: 5),
        };

        var described = Call<object>("ComparisonFigures", "Describe", results.ToList(), temp.Path);

        var figures = ((IEnumerable)described).Cast<object>().ToList();
        var byFile = figures.ToDictionary(f => Path.GetFileName(Get<string>(f, "Path")));
        Assert.True(Get<bool>(byFile["regression-test-mse.png"], "LogY"), "MSE 3 beside 60 spans more than a decade");
        Assert.False(Get<bool>(byFile["regression-test-mae.png"], "LogY"), "MAE 1.4 to 6 fits a linear axis");
        foreach (var figure in figures)
        {
            Assert.True(Get<bool>(figure, "LegendOutside"), $"{Get<string>(figure, "Path")}: legend inside the data area");
            Assert.All(Get<IEnumerable>(figure, "Series").Cast<object>(), s => Assert.NotEqual("", Get<string>(s, "Label")));
        }
        foreach (var file in new[] { "regression-test-mse.png", "regression-test-mae.png" })
        {
            var labels = Get<IEnumerable>(byFile[file], "Series").Cast<object>().Select(s => Get<string>(s, "Label"));
            // A current-sample and a model-average line per chain, both under the chain's own label.
            Assert.Equal(["SGLD", "SGLD", "SGLD-SA chain 0", "SGLD-SA chain 0", "SGLD-SA chain 1 (not in posterior)",
                "SGLD-SA chain 1 (not in posterior)", "SGLD-SA chain 2", "SGLD-SA chain 2", "PSGLD", "PSGLD"], labels);
        }

        var rendered = Call<object>("FigureRenderer", "Render", described);
        Assert.Empty(Get<IEnumerable>(rendered, "Errors").Cast<string>());
        foreach (var path in Get<IEnumerable>(rendered, "Written").Cast<string>()) Assert.True(PngImage.Read(path).DistinctColors > 50, path);
    }

    /// <summary>
    /// A run folder with a metrics.csv of <paramref name="chains"/> chains (none: no file) around the given final
    /// errors, a summary.json when <paramref name="kept"/> names the chains selection kept, and its RunResult.
    /// </summary>
    private static RunResult Result(TempDirectory temp, string method, int chains, double mse, double mae, int[]? kept = null)
    {
        var directory = temp.File(method);
        Directory.CreateDirectory(directory);
        var rows = from chain in Enumerable.Range(0, chains)
                   from epoch in Enumerable.Range(1, 100)
                   select Row(chain, epoch, mse * (1 + 0.05 * chain + 0.1 * Math.Sin(epoch)), mae * (1 + 0.05 * Math.Cos(epoch)));
        if (chains > 0) File.WriteAllLines(Path.Combine(directory, "metrics.csv"), rows.Prepend("chain,epoch,test_mse,bma_test_mse,test_mae,bma_test_mae"));
        if (kept is not null)
        {
            File.WriteAllText(Path.Combine(directory, "summary.json"), "{\"chainSelection\": {\"kept\": [" + string.Join(",", kept) + "]}}");
        }
        var epochs = Enumerable.Range(1, 100).Select(e => (double)e).ToList();
        return new RunResult
        {
            RunName = method,
            Method = method,
            RunDirectory = directory,
            PosteriorMean = new Dictionary<string, Tensor> { ["weight"] = tensor(new[] { 2.8, 1.1, 0.0 }) },
            PosteriorVariance = new Dictionary<string, Tensor> { ["weight"] = tensor(new[] { 0.06, 0.07, 0.01 }) },
            History = new Dictionary<string, IReadOnlyList<double>>
            {
                ["epoch"] = epochs,
                ["test_mse"] = epochs.Select(_ => mse).ToList(),
                ["bma_test_mse"] = epochs.Skip(40).Select(_ => mse).ToList(),
                ["test_mae"] = epochs.Select(_ => mae).ToList(),
                ["bma_test_mae"] = epochs.Skip(40).Select(_ => mae).ToList(),
            },
            SampleCount = 0,
        };
    }

    /// <summary>The model average exists after burn-in (epoch 40) only; before, its cells are empty, as the host writes them.</summary>
    private static string Row(int chain, int epoch, double mse, double mae) => string.Create(CultureInfo.InvariantCulture,
        $"{chain},{epoch},{mse:R},{(epoch > 40 ? mse * 0.9 : "")},{mae:R},{(epoch > 40 ? mae * 0.9 : "")}");
}
