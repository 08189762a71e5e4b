using System.Globalization;
using System.Text.Json;
using SparsePlugins.Darcy;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Darcy;

/// <summary>
/// A short PSGLD-SA run of the channelized surrogate (N = 12 procedural channels, 400 samples, a narrow darcy-cnn) and a
/// short plain-SGLD run beside it, shared by the tests below: what it learns, the Table 2 it writes, and predict on a user's
/// binary field.
/// </summary>
public sealed class ChannelizedRunFixture : IDisposable
{
    public ChannelizedRunFixture()
    {
        Temp = new TempDirectory();
        var config = RunConfig.WriteRaw(Temp, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Output"] = Temp.File("out"), ["CacheDirectory"] = Temp.File("cache"),
            ["Runs"] = new[] { Run("psgld-sa-50", "PSGLD-SA", 1e-3, 40), Run("sgld", "SGLD", 1e-6, 6) },
        }));
        Result = HostRun.Invoke("run", "--config", config);
        RunDirectory = Path.Combine(Temp.File("out"), "psgld-sa-50");
    }

    public TempDirectory Temp { get; }

    public HostRun Result { get; }

    public string RunDirectory { get; }

    public JsonElement Summary => JsonDocument.Parse(File.ReadAllText(Path.Combine(RunDirectory, "summary.json"))).RootElement;

    public void Dispose() => Temp.Dispose();

    private static Dictionary<string, object?> Run(string name, string method, double step, int epochs)
    {
        var run = new Dictionary<string, object?>
        {
            ["Name"] = name,
            ["Seed"] = 3,
            ["Method"] = method,
            ["Problem"] = new Dictionary<string, object?>
            {
                ["Name"] = "channelized-darcy",
                ["Options"] = new Dictionary<string, object?>
                {
                    ["N"] = 12, ["Samples"] = 400, ["TestSamples"] = 80, ["ValidationSamples"] = 40, ["Width"] = 0.2, ["MaxChannels"] = 3,
                    // Contrast 10 rather than the default 100: on a 12 x 12 grid the default is too hard to learn in a test's budget.
                    ["BackgroundPermeability"] = 1.0,
                },
            },
            ["Network"] = new Dictionary<string, object?>
            {
                ["Name"] = "darcy-cnn",
                ["Options"] = new Dictionary<string, object?> { ["Conv1Channels"] = 8, ["Conv2Channels"] = 8, ["CoarseSide"] = 4, ["Hidden"] = 64 },
            },
            // A constant step from the first iteration, unlike the problem's Table 2 recipe (offset 1000, decay 0.5, a 200-step
            // warm-up), which a 40-epoch chain would spend mostly warming up.
            ["Sampler"] = new Dictionary<string, object?>
            {
                ["Options"] = new Dictionary<string, object?>
                {
                    ["StepSize"] = step, ["Temperature"] = 1e6, ["StepOffset"] = 0, ["StepDecay"] = 0, ["WarmupSteps"] = 0,
                },
            },
            ["Training"] = new Dictionary<string, object?> { ["Epochs"] = epochs, ["BurnIn"] = epochs / 2, ["BatchSize"] = 16, ["Thinning"] = 18, ["KeepSamples"] = 10 },
        };
        if (method == "PSGLD-SA")
        {
            run["Prior"] = new Dictionary<string, object?>
            {
                ["Options"] = new Dictionary<string, object?>
                {
                    ["TargetSparsity"] = 0.5, ["RampInterval"] = 0.1, ["AdaptSigma"] = false, ["InitialSigma"] = 1,
                    ["SpikeScale"] = 0.002, ["SlabVariance"] = 0.0025, ["BetaMean"] = 0.5, ["PruneEvery"] = 1,
                },
            };
        }
        return run;
    }
}

public sealed class ChannelizedDarcyTests(ChannelizedRunFixture run) : IClassFixture<ChannelizedRunFixture>
{
    [Fact]
    public void A_short_psgld_sa_run_beats_the_training_mean_by_a_clear_margin()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.Error);
        var summary = run.Summary;
        double mean = summary.GetProperty("baselines").GetProperty("trainingMean").GetProperty("e1").GetDouble();
        double model = summary.GetProperty("bmaTest").GetProperty("e1").GetDouble();
        Assert.Equal(320 - 40, summary.GetProperty("trainSamples").GetInt32());
        // Measured 56.5% against 75.9% (0.74x) with these seeds; the e1 of 80 test fields averages out to well under the
        // 0.11x margin left, so only a run that stopped learning fails.
        Assert.True(model < 0.85 * mean, $"model average e1 {model:F2}% against training mean {mean:F2}%");
    }

    [Fact]
    public void The_runs_make_a_table_shaped_like_table_2_with_the_papers_numbers()
    {
        var table = File.ReadAllLines(Path.Combine(run.Temp.File("out"), "table2.md"));
        var dense = Assert.Single(table, l => l.StartsWith("| dense |", StringComparison.Ordinal));
        Assert.Contains("(3.31/2.73)", dense, StringComparison.Ordinal); // PSGLD dense in the paper
        Assert.Contains("(6.39/4.94)", dense, StringComparison.Ordinal); // SGLD dense
        var sparse = Assert.Single(table, l => l.StartsWith("| 50% |", StringComparison.Ordinal));
        Assert.Contains("(2.75/2.16)", sparse, StringComparison.Ordinal); // PSGLD-SA 50%
        Assert.Equal(9, sparse.Split('|', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(File.Exists(Path.Combine(run.Temp.File("out"), "learning-curves-channelized.png")));
        var baselines = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.RunDirectory, "baselines.json"))).RootElement;
        Assert.True(baselines.GetProperty("linearRegressionOnBlocks").GetProperty("e1").GetDouble() > 0);
    }

    [Fact]
    public void Predict_answers_for_a_users_binary_field_in_csv()
    {
        var kappa = run.Temp.File("binary.csv");
        // A straight channel along x through rows 4-6 of a 12 x 12 field: the channel carries most of the flow.
        File.WriteAllLines(kappa, Enumerable.Range(0, 12).Select(j =>
            string.Join(",", Enumerable.Repeat((j is >= 4 and <= 6 ? 10.0 : 0.1).ToString(CultureInfo.InvariantCulture), 12))));
        var truth = run.Temp.File("truth");
        Assert.Equal(0, HostRun.Invoke("solve", "--problem", "channelized-darcy", "--input", kappa, "--out", truth).ExitCode);

        var result = HostRun.Invoke("predict", "--model", run.RunDirectory, "--input", kappa, "--out", run.Temp.File("pred"), "--truth", truth);

        Assert.True(result.ExitCode == 0, result.Error);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Temp.File("pred"), "metrics.json")));
        Assert.InRange(metrics.RootElement.GetProperty("e1").GetDouble(), 0, 100);
    }
}

/// <summary>Data generation and every bad training image: one clear message, exit code 2.</summary>
public sealed class ChannelizedGenerateTests
{
    private static HostRun Generate(TempDirectory temp, params string[] settings) => HostRun.Invoke(
        ["generate", "--problem", "channelized-darcy", "--samples", "6", "--out", temp.File("c.h5"), .. settings.SelectMany(s => new[] { "--set", s })]);

    [Fact]
    public void Generate_from_the_strebelle_image_writes_binary_fields_with_the_two_permeabilities()
    {
        using var temp = new TempDirectory();
        var result = Generate(temp, "N=20", "FieldSource=TrainingImage", $"TrainingImage={SharedData.Strebelle}");

        Assert.True(result.ExitCode == 0, result.Error);
        var data = DarcyDataset.Read(temp.File("c.h5"));
        Assert.Equal(6, data.Samples);
        Assert.All(data.Permeability, k => Assert.True(k is 10f or 0.1f, $"kappa {k}"));
        for (int s = 0; s < data.Samples; s++)
        {
            var (x0, y0) = (data.CoefficientsOf(s)[0], data.CoefficientsOf(s)[1]);
            Assert.InRange(x0, 0, 250 - 20);
            Assert.InRange(y0, 0, 250 - 20);
        }
    }

    [Fact]
    public void A_missing_training_image_is_bad_input()
    {
        using var temp = new TempDirectory();
        var result = Generate(temp, "FieldSource=TrainingImage", $"TrainingImage={temp.File("none.png")}");
        AssertBadInput(result, "does not exist");
    }

    [Fact]
    public void An_unreadable_png_is_bad_input()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("bad.png"), "not a png");
        var result = Generate(temp, "FieldSource=TrainingImage", $"TrainingImage={temp.File("bad.png")}");
        AssertBadInput(result, "bad.png");
    }

    [Fact]
    public void A_gslib_file_with_two_variables_is_bad_input()
    {
        using var temp = new TempDirectory();
        File.WriteAllLines(temp.File("two.dat"), ["3 3 1", "2", "a", "b", .. Enumerable.Repeat("0", 18)]);
        var result = Generate(temp, "N=2", "FieldSource=TrainingImage", $"TrainingImage={temp.File("two.dat")}");
        AssertBadInput(result, "two.dat");
    }

    [Fact]
    public void A_gslib_file_whose_value_count_does_not_match_its_size_is_bad_input()
    {
        using var temp = new TempDirectory();
        File.WriteAllLines(temp.File("short.dat"), ["4 4 1", "1", "facies", .. Enumerable.Repeat("1", 15)]);
        var result = Generate(temp, "N=2", "FieldSource=TrainingImage", $"TrainingImage={temp.File("short.dat")}");
        AssertBadInput(result, "16");
    }

    [Fact]
    public void An_image_smaller_than_the_patch_is_bad_input()
    {
        using var temp = new TempDirectory();
        File.WriteAllLines(temp.File("small.dat"), ["4 4 1", "1", "facies", .. Enumerable.Range(0, 16).Select(i => (i % 2).ToString(CultureInfo.InvariantCulture))]);
        var result = Generate(temp, "N=8", "FieldSource=TrainingImage", $"TrainingImage={temp.File("small.dat")}");
        AssertBadInput(result, "smaller N");
    }

    [Fact]
    public void A_png_that_is_one_facies_under_the_threshold_is_bad_input()
    {
        using var temp = new TempDirectory();
        // The real image is 0/255; above 1 (grey scaled to [0, 1]) nothing is channel.
        var result = Generate(temp, "FieldSource=TrainingImage", $"TrainingImage={SharedData.Png}", "Threshold=1.5");
        AssertBadInput(result, "threshold");
    }

    [Fact]
    public void Solve_needs_only_the_flow_options_not_the_training_image()
    {
        using var temp = new TempDirectory();
        File.WriteAllLines(temp.File("k.csv"), Enumerable.Range(0, 4).Select(j => j == 1 ? "10,10,10,10" : "0.1,0.1,0.1,0.1"));
        var result = HostRun.Invoke("solve", "--problem", "channelized-darcy", "--input", temp.File("k.csv"), "--out", temp.File("s"),
            "--set", "FieldSource=TrainingImage", "--set", $"TrainingImage={temp.File("absent.png")}");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(Path.Combine(temp.File("s"), "ux.csv")));
    }

    private static void AssertBadInput(HostRun result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
