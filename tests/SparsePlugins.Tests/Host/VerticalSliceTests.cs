using TorchSharp;
using System.Text.Json;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

/// <summary>The host composes problem, network, prior and sampler from configuration and writes the run's outputs.</summary>
public sealed class VerticalSliceTests
{
    [Fact]
    public void A_run_writes_config_metrics_and_summary()
    {
        using var temp = new TempDirectory();

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, RunConfig.Regression("slice", epochs: 30, burnIn: 10)));

        Assert.True(result.ExitCode == 0, result.Error);
        var dir = Path.Combine(temp.File("out"), "slice");
        var metrics = File.ReadAllLines(Path.Combine(dir, "metrics.csv"));
        Assert.Equal(31, metrics.Length);
        Assert.StartsWith("chain,epoch,iteration,train_nll,test_mse,bma_test_mse", metrics[0], StringComparison.Ordinal);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("Completed", root.GetProperty("status").GetString());
        Assert.Equal("linear-regression", root.GetProperty("problem").GetString());
        Assert.Equal("linear", root.GetProperty("network").GetString());
        Assert.Equal("gaussian", root.GetProperty("prior").GetString());
        Assert.Equal("sgld", root.GetProperty("sampler").GetString());
        Assert.Equal(3, root.GetProperty("seed").GetInt64());
        Assert.Equal(20, root.GetProperty("samples").GetInt32());
        Assert.True(root.GetProperty("wallSeconds").GetDouble() > 0);
        Assert.True(root.GetProperty("finalMetrics").GetProperty("bma_test_mse").GetDouble() > 0);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        Assert.Equal(0.001, config.RootElement.GetProperty("Runs")[0].GetProperty("Sampler").GetProperty("Options").GetProperty("StepSize").GetDouble());
        Assert.True(File.Exists(Path.Combine(temp.File("out"), "comparison.md")));
        Assert.Contains("| slice | SGLD | linear-regression | completed |", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_final_model_is_saved_and_reloads_into_the_network()
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, RunConfig.Regression("saved", epochs: 30, burnIn: 10)));
        Assert.True(result.ExitCode == 0, result.Error);

        var catalog = new SparsePlugins.Host.Plugins.PluginCatalog(Microsoft.Extensions.Logging.Abstractions.NullLogger<SparsePlugins.Host.Plugins.PluginCatalog>.Instance);
        catalog.Discover([TestPaths.Plugins]);
        var linear = catalog.Find(SparsePlugins.Abstractions.PluginKind.Network, "linear")!;
        var options = Activator.CreateInstance(linear.OptionsType)!;
        var network = ((SparsePlugins.Abstractions.INetworkPlugin)linear.Factory).Create(options, new SparsePlugins.Abstractions.PluginContext
        {
            Seed = 0,
            Shape = new SparsePlugins.Abstractions.ProblemShape([10], 1, TorchSharp.torch.ScalarType.Float64),
        });
        network.Module.to(TorchSharp.torch.ScalarType.Float64);
        network.Module.load(Path.Combine(temp.File("out"), "saved", "model-chain0.dat"));

        var weights = network.Module.parameters().Single().data<double>().ToArray();
        Assert.Equal(10, weights.Length);
        Assert.Contains(weights, w => w != 0);
    }

    [Fact]
    public void The_same_seed_reproduces_the_run_exactly_and_another_seed_does_not()
    {
        using var temp = new TempDirectory();
        var config = RunConfig.Write(temp, RunConfig.Regression("a", seed: 5), RunConfig.Regression("b", seed: 5), RunConfig.Regression("c", seed: 6));

        var result = HostRun.Invoke("run", "--config", config);

        Assert.True(result.ExitCode == 0, result.Error);
        // libtorch's vectorised reductions may differ in the last bit between identical runs, so equality is
        // to 1e-9 relative, far below any difference a seed makes (c differs at the first significant digit).
        double[] Values(string run) => File.ReadAllLines(Path.Combine(temp.File("out"), run, "metrics.csv")).Skip(1)
            .SelectMany(l => l.Split(',')[..^1]).Where(v => v.Length > 0).Select(double.Parse).ToArray();
        static bool Close(double[] x, double[] y) => x.Length == y.Length &&
            x.Zip(y).All(p => Math.Abs(p.First - p.Second) <= 1e-9 * Math.Max(1, Math.Abs(p.First)));
        Assert.True(Close(Values("a"), Values("b")));
        Assert.False(Close(Values("a"), Values("c")));
    }

    [Fact]
    public void Run_selection_and_command_line_overrides_apply()
    {
        using var temp = new TempDirectory();
        var config = RunConfig.Write(temp, RunConfig.Regression("keep"), RunConfig.Regression("skip"));

        var result = HostRun.Invoke("run", "--config", config, "--run", "keep", "--Runs:0:Training:Epochs=25");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(26, File.ReadAllLines(Path.Combine(temp.File("out"), "keep", "metrics.csv")).Length);
        Assert.False(Directory.Exists(Path.Combine(temp.File("out"), "skip")));
    }

    [Fact]
    public void A_diverging_chain_fails_its_run_with_exit_code_1_and_keeps_finished_runs()
    {
        using var temp = new TempDirectory();
        var good = RunConfig.Regression("good");
        var bad = RunConfig.Regression("bad");
        bad["Sampler"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["StepSize"] = 10.0 } };
        bad["Training"] = new Dictionary<string, object?> { ["Epochs"] = 400, ["BurnIn"] = 10 };

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, good, bad));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Run 'bad' diverged", result.Error, StringComparison.Ordinal);
        Assert.Contains("StepSize", result.Error, StringComparison.Ordinal);
        using var goodSummary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "good", "summary.json")));
        Assert.Equal("Completed", goodSummary.RootElement.GetProperty("status").GetString());
        using var badSummary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "bad", "summary.json")));
        Assert.Equal("Diverged", badSummary.RootElement.GetProperty("status").GetString());
        Assert.Contains("| bad | SGLD | linear-regression | diverged |", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sampler_learns_the_chain_length_and_can_declare_iterates_that_are_not_samples()
    {
        using var temp = new TempDirectory();
        var run = RunConfig.Regression("explore", epochs: 40, burnIn: 0);
        run.Remove("Method");
        run["Prior"] = new Dictionary<string, object?> { ["Name"] = "gaussian" };
        run["Sampler"] = new Dictionary<string, object?> { ["Name"] = "fixture-explore-then-sample" };
        run["Training"] = new Dictionary<string, object?> { ["Epochs"] = 40, ["BurnIn"] = 0, ["BatchSize"] = 0, ["Thinning"] = 1 };
        var config = RunConfig.WriteRaw(temp, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Output"] = temp.File("out"),
            ["PluginDirectories"] = new[] { TestPaths.Plugins, TestPaths.Fixture("AuthorPlugins") },
            ["Runs"] = new[] { run },
        }));

        var result = HostRun.Invoke("run", "--config", config);

        Assert.True(result.ExitCode == 0, result.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "explore", "summary.json")));
        // 40 full-batch iterations; the sampler calls the first 20 exploration, so 20 of the 40 collectable iterates count.
        Assert.Equal(20, summary.RootElement.GetProperty("samples").GetInt32());
        var metrics = File.ReadAllLines(Path.Combine(temp.File("out"), "explore", "metrics.csv"));
        var column = Array.IndexOf(metrics[0].Split(','), "sampler_total_iterations");
        Assert.True(column >= 0, metrics[0]);
        Assert.Equal("40", metrics[1].Split(',')[column]);
    }

    [Fact]
    public void A_plugin_dll_copied_by_hand_is_discovered_and_usable()
    {
        using var temp = new TempDirectory();
        var drop = Directory.CreateDirectory(Path.Combine(temp.Path, "dropped", "Noop"));
        File.Copy(Path.Combine(TestPaths.Fixture("DuplicateSamplerPlugin"), "DuplicateSamplerPlugin.dll"),
            Path.Combine(drop.FullName, "Noop.dll"));
        var run = RunConfig.Regression("noop");
        run.Remove("Method");
        run["Prior"] = new Dictionary<string, object?> { ["Name"] = "gaussian" };
        run["Sampler"] = new Dictionary<string, object?> { ["Name"] = "fixture-noop" };

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run),
            $"--PluginDirectories:0={TestPaths.Plugins}", $"--PluginDirectories:1={Path.Combine(temp.Path, "dropped")}");

        Assert.True(result.ExitCode == 0, result.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "noop", "summary.json")));
        Assert.Equal("fixture-noop", summary.RootElement.GetProperty("sampler").GetString());
    }
}
