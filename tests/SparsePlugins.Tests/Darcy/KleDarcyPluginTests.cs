using System.Globalization;
using System.Text.Json;
using SparsePlugins.Darcy;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Darcy;

/// <summary>The kle-darcy problem plugin through the host: generate, solve, and a small surrogate run with its cache.</summary>
public sealed class KleDarcyPluginTests
{
    private static Dictionary<string, object?> SmallRun(string name, string cache) => new()
    {
        ["Name"] = name,
        ["Seed"] = 1,
        ["Method"] = "SGLD",
        ["Problem"] = new Dictionary<string, object?>
        {
            ["Name"] = "kle-darcy",
            ["Options"] = new Dictionary<string, object?> { ["N"] = 6, ["Terms"] = 4, ["Samples"] = 40, ["TestSamples"] = 10, ["ValidationSamples"] = 5 },
        },
        ["Network"] = new Dictionary<string, object?> { ["Name"] = "linear", ["Options"] = new Dictionary<string, object?> { ["Intercept"] = true } },
        ["Sampler"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["StepSize"] = 1e-5 } },
        // Every sample and a constant step: the Table 1 recipe's thinning 41 would keep none of 40 iterations.
        ["Training"] = new Dictionary<string, object?> { ["Epochs"] = 20, ["BurnIn"] = 10, ["BatchSize"] = 10, ["Thinning"] = 1 },
    };

    private static string Config(TempDirectory temp, string cache, params object[] runs) => RunConfig.WriteRaw(temp,
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["Output"] = temp.File("out"), ["CacheDirectory"] = cache, ["Runs"] = runs }));

    /// <remarks>Two processes (two array tasks) needing one cached data set: one generates it, the other waits or reuses it.</remarks>
    [Fact]
    public void Two_processes_sharing_a_cache_generate_its_data_set_once()
    {
        using var temp = new TempDirectory();
        var cache = temp.File("cache");
        var run = SmallRun("shared", cache);
        ((Dictionary<string, object?>)((Dictionary<string, object?>)run["Problem"]!)["Options"]!)["Samples"] = 400;
        // Training is beside the point here: a short, small-step chain that cannot diverge on 400 samples.
        run["Sampler"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["StepSize"] = 1e-8 } };
        run["Training"] = new Dictionary<string, object?> { ["Epochs"] = 3, ["BurnIn"] = 1, ["BatchSize"] = 50 };
        var logs = new[] { new System.Text.StringBuilder(), new System.Text.StringBuilder() };
        var processes = logs.Select((log, k) => HostProcess.Start(log, "run", "--config", Config(temp, cache, run),
            $"--Output={temp.File($"out{k}")}")).ToList();
        foreach (var process in processes)
        {
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "a process did not finish within 5 minutes");
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, string.Join("\n", logs.Select(l => l.ToString())));
            process.Dispose();
        }

        var text = logs.Select(l => l.ToString()).ToList();
        Assert.Equal(1, text.Count(t => t.Contains("kle-darcy: generated 400 samples", StringComparison.Ordinal)));
        Assert.Equal(1, text.Count(t => t.Contains("kle-darcy: reused 400 samples", StringComparison.Ordinal)));
        var file = Assert.Single(Directory.GetFiles(cache, "*.h5"));
        Assert.Equal(400, DarcyDataset.Read(file).Samples);
        Assert.Empty(Directory.GetFiles(cache, "*.tmp*"));
    }

    [Fact]
    public void Generate_in_shards_and_merge_gives_the_unsharded_data_set()
    {
        using var temp = new TempDirectory();
        string[] options = ["--problem", "kle-darcy", "--samples", "10", "--set", "N=5", "--set", "Terms=3"];
        Assert.Equal(0, HostRun.Invoke(["generate", .. options, "--out", temp.File("whole.h5")]).ExitCode);
        for (int i = 0; i < 3; i++)
        {
            var shard = HostRun.Invoke(["generate", .. options, "--shard", $"{i}/3", "--out", temp.File($"part{i}.h5")]);
            Assert.True(shard.ExitCode == 0, shard.Error);
            Assert.Contains($"shard {i}/3", shard.Output, StringComparison.Ordinal);
        }

        var merged = HostRun.Invoke("merge", "--problem", "kle-darcy", "--input", temp.File("part2.h5"), "--input", temp.File("part0.h5"),
            "--input", temp.File("part1.h5"), "--out", temp.File("merged.h5"));

        Assert.True(merged.ExitCode == 0, merged.Error);
        var whole = DarcyDataset.Read(temp.File("whole.h5"));
        var joined = DarcyDataset.Read(temp.File("merged.h5"));
        Assert.Equal(whole.Options.Hash(), joined.Options.Hash());
        Assert.Equal(whole.Velocity, joined.Velocity);
        Assert.Equal(whole.Permeability, joined.Permeability);
        var gap = HostRun.Invoke("merge", "--problem", "kle-darcy", "--input", temp.File("part0.h5"), "--input", temp.File("part2.h5"),
            "--out", temp.File("gap.h5"));
        Assert.Equal(2, gap.ExitCode);
        Assert.Contains("a shard is missing", gap.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_writes_a_readable_data_set_with_the_requested_samples()
    {
        using var temp = new TempDirectory();
        var file = temp.File("kle.h5");

        var result = HostRun.Invoke("generate", "--problem", "kle-darcy", "--samples", "12", "--out", file, "--set", "N=5", "--set", "Terms=3");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Wrote 12 samples", result.Output, StringComparison.Ordinal);
        var data = DarcyDataset.Read(file);
        Assert.Equal(12, data.Samples);
        Assert.Equal(5, data.Grid.N);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp*"));
    }

    [Fact]
    public void Generate_with_a_bad_option_exits_2_and_names_it()
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("generate", "--problem", "kle-darcy", "--samples", "5", "--out", temp.File("x.h5"), "--set", "Terms=0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Terms", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_writes_velocity_and_pressure_csv_in_the_documented_layout()
    {
        using var temp = new TempDirectory();
        var kappa = temp.File("kappa.csv");
        File.WriteAllLines(kappa, Enumerable.Range(0, 4).Select(_ => "1,1,1,1"));

        var result = HostRun.Invoke("solve", "--problem", "kle-darcy", "--input", kappa, "--out", temp.File("solution"));

        Assert.True(result.ExitCode == 0, result.Error);
        var ux = File.ReadAllLines(Path.Combine(temp.File("solution"), "ux.csv"));
        var uy = File.ReadAllLines(Path.Combine(temp.File("solution"), "uy.csv"));
        Assert.Equal(4, ux.Length);
        Assert.Equal(5, ux[0].Split(',').Length);
        Assert.Equal(5, uy.Length);
        // kappa = 1: u_x = x + 1/2 exactly, so the face at x = 1 carries 1.5.
        Assert.Equal(1.5, double.Parse(ux[0].Split(',')[4], CultureInfo.InvariantCulture), 10);
    }

    [Fact]
    public void Solve_reports_a_corrupt_input_with_exit_code_2()
    {
        using var temp = new TempDirectory();
        var kappa = temp.File("kappa.csv");
        File.WriteAllText(kappa, "1,2\n3,oops\n");

        var result = HostRun.Invoke("solve", "--problem", "kle-darcy", "--input", kappa, "--out", temp.File("solution"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'oops' is not a number", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_caches_its_data_set_reuses_it_and_regenerates_a_corrupt_one()
    {
        using var temp = new TempDirectory();
        var cache = temp.File("cache");

        var first = HostRun.Invoke("run", "--config", Config(temp, cache, SmallRun("first", cache)));
        Assert.True(first.ExitCode == 0, first.Error);
        var cached = Assert.Single(Directory.GetFiles(cache, "kle-darcy-*.h5"));
        var written = File.GetLastWriteTimeUtc(cached);

        var second = HostRun.Invoke("run", "--config", Config(temp, cache, SmallRun("second", cache)));
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(written, File.GetLastWriteTimeUtc(cached));

        File.WriteAllText(cached, "not an HDF5 file");
        var third = HostRun.Invoke("run", "--config", Config(temp, cache, SmallRun("third", cache)));
        Assert.True(third.ExitCode == 0, third.Error);
        Assert.Equal(40, DarcyDataset.Read(cached).Samples);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "third", "summary.json")));
        var root = summary.RootElement;
        Assert.Equal(25, root.GetProperty("trainSamples").GetInt32());
        Assert.Equal(5, root.GetProperty("validationSamples").GetInt32());
        var baselines = root.GetProperty("baselines");
        double meanE1 = baselines.GetProperty("trainingMean").GetProperty("e1").GetDouble();
        double linearE1 = baselines.GetProperty("linearRegressionOnKle").GetProperty("e1").GetDouble();
        Assert.InRange(linearE1, 0, meanE1);
        Assert.True(root.GetProperty("bmaTest").GetProperty("e1").GetDouble() > 0);
        Assert.True(root.GetProperty("finalMetrics").GetProperty("test_e1").GetDouble() > 0);
    }

    [Fact]
    public void Runs_of_table_1_methods_produce_a_table_shaped_like_the_papers_with_its_numbers_and_the_baselines()
    {
        using var temp = new TempDirectory();
        var cache = temp.File("cache");
        Dictionary<string, object?> Run(string name, string method, string sampler)
        {
            var run = SmallRun(name, cache);
            run["Method"] = method;
            ((Dictionary<string, object?>)((Dictionary<string, object?>)run["Problem"]!)["Options"]!)["Terms"] = 32;
            run["Sampler"] = new Dictionary<string, object?> { ["Name"] = sampler, ["Options"] = new Dictionary<string, object?> { ["StepSize"] = 1e-5, ["WarmupSteps"] = 0 } };
            ((Dictionary<string, object?>)run["Training"]!)["MaxMinutes"] = 5;
            return run;
        }

        var result = HostRun.Invoke("run", "--config", Config(temp, cache, Run("p", "PSGLD", "psgld"), Run("s", "SGLD", "sgld")));

        Assert.True(result.ExitCode == 0, result.Error);
        var table = File.ReadAllLines(Path.Combine(temp.File("out"), "table1.md"));
        var row = Assert.Single(table, l => l.StartsWith("| dense | 32 |", StringComparison.Ordinal));
        // The paper's dense KLE32 numbers sit beside ours: PSGLD 0.75/0.57, SGLD 2.37/2.17.
        Assert.Contains("(0.75/0.57)", row, StringComparison.Ordinal);
        Assert.Contains("(2.37/2.17)", row, StringComparison.Ordinal);
        Assert.Equal(10, row.Split('|', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("## table1", File.ReadAllText(Path.Combine(temp.File("out"), "comparison.md")), StringComparison.Ordinal);
        var csv = File.ReadAllLines(Path.Combine(temp.File("out"), "table1.csv"));
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("p,preconditioned,32,0,", csv[1], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.File("out"), "learning-curves-kle32.png")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "p", "summary.json")));
        Assert.Equal(20, summary.RootElement.GetProperty("epochsReached")[0].GetInt32());
        Assert.False(summary.RootElement.GetProperty("stoppedAtBudget").GetBoolean());

        // `report` rebuilds the same table from the folders alone, as after a sweep run by a Slurm array.
        var expected = File.ReadAllText(Path.Combine(temp.File("out"), "table1.md"));
        File.Delete(Path.Combine(temp.File("out"), "table1.md"));
        var report = HostRun.Invoke("report", "--output", temp.File("out"));
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Equal(expected, File.ReadAllText(Path.Combine(temp.File("out"), "table1.md")));
        Assert.Contains("## table1", File.ReadAllText(Path.Combine(temp.File("out"), "comparison.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wall_clock_budget_stops_sampling_cleanly_and_keeps_a_model()
    {
        using var temp = new TempDirectory();
        var run = SmallRun("budget", temp.File("cache"));
        // 0.001 min = 60 ms, long before a burn-in of 99999 epochs ends (whatever the machine's speed), so the final
        // state becomes the only sample.
        ((Dictionary<string, object?>)run["Training"]!)["MaxMinutes"] = 0.001;
        ((Dictionary<string, object?>)run["Training"]!)["Epochs"] = 100000;
        ((Dictionary<string, object?>)run["Training"]!)["BurnIn"] = 99999;

        var result = HostRun.Invoke("run", "--config", Config(temp, temp.File("cache"), run));

        Assert.True(result.ExitCode == 0, result.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "budget", "summary.json")));
        var root = summary.RootElement;
        Assert.True(root.GetProperty("stoppedAtBudget").GetBoolean());
        Assert.InRange(root.GetProperty("epochsReached")[0].GetInt32(), 1, 99999);
        Assert.Equal(1, root.GetProperty("samples").GetInt32());
        Assert.True(File.Exists(Path.Combine(temp.File("out"), "budget", "ensemble.h5")));
        var metrics = File.ReadAllLines(Path.Combine(temp.File("out"), "budget", "metrics.csv"));
        Assert.Equal(root.GetProperty("epochsReached")[0].GetInt32() + 1, metrics.Length);
    }

    [Fact]
    public void A_burn_in_tied_to_the_budget_holds_back_sampling_until_its_fraction_has_passed()
    {
        using var temp = new TempDirectory();
        var run = SmallRun("fraction", temp.File("cache"));
        // Half of a 1000-minute budget never passes in 3 epochs, so burn-in outlasts the chain whatever the machine's
        // speed: no step is collected and the final state becomes the only sample (BurnIn alone would give 2 epochs).
        var training = (Dictionary<string, object?>)run["Training"]!;
        training["MaxMinutes"] = 1000;
        training["BurnInFraction"] = 0.5;
        training["Epochs"] = 3;
        training["BurnIn"] = 1;
        training["Thinning"] = 1;

        var result = HostRun.Invoke("run", "--config", Config(temp, temp.File("cache"), run));

        Assert.True(result.ExitCode == 0, result.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "fraction", "summary.json")));
        Assert.False(summary.RootElement.GetProperty("stoppedAtBudget").GetBoolean());
        Assert.Equal(3, summary.RootElement.GetProperty("epochsReached")[0].GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("samples").GetInt32());
    }

    [Fact]
    public void A_missing_dataset_file_is_bad_input()
    {
        using var temp = new TempDirectory();
        var run = SmallRun("missing", temp.File("cache"));
        ((Dictionary<string, object?>)((Dictionary<string, object?>)run["Problem"]!)["Options"]!)["DatasetFile"] = temp.File("nope.h5");

        var result = HostRun.Invoke("run", "--config", Config(temp, temp.File("cache"), run));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DatasetFile", result.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_surrogate_trains_with_psgld_sa_and_prunes_the_dense_layers_to_the_target()
    {
        using var temp = new TempDirectory();
        var cache = temp.File("cache");
        var run = SmallRun("surrogate", cache);
        run["Method"] = "PSGLD-SA";
        ((Dictionary<string, object?>)((Dictionary<string, object?>)run["Problem"]!)["Options"]!)["N"] = 8;
        run["Network"] = new Dictionary<string, object?>
        {
            ["Name"] = "darcy-cnn",
            ["Options"] = new Dictionary<string, object?> { ["CoarseSide"] = 4, ["Hidden"] = 40, ["Conv1Channels"] = 8, ["Conv2Channels"] = 8 },
        };
        // RampBase 0: the full rate from the first step, so the achieved sparsity can be checked exactly.
        run["Prior"] = new Dictionary<string, object?>
        {
            ["Options"] = new Dictionary<string, object?> { ["TargetSparsity"] = 0.5, ["RampBase"] = 0, ["AdaptSigma"] = false, ["InitialSigma"] = 0.1 },
        };
        run["Sampler"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["StepSize"] = 1e-4, ["WarmupSteps"] = 0 } };

        var result = HostRun.Invoke("run", "--config", Config(temp, cache, run));

        Assert.True(result.ExitCode == 0, result.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "surrogate", "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("darcy-cnn", root.GetProperty("network").GetString());
        var sparsity = root.GetProperty("sparsity");
        foreach (var layer in new[] { "fc1.weight", "fc2.weight", "fc3.weight" })
        {
            // Each layer prunes round(0.5 p) weights, so its zero fraction is 0.5 to within one weight.
            Assert.InRange(sparsity.GetProperty("sparsity." + layer).GetDouble(), 0.49, 0.51);
        }
        Assert.True(double.IsFinite(root.GetProperty("bmaTest").GetProperty("e1").GetDouble()));
    }
}
