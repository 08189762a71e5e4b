using System.Text.Json;
using Microsoft.Extensions.Configuration;
using SparsePlugins.Host.Runs;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

/// <summary>
/// Recipes published by plugins: a run naming a Method and a problem gets the method's and the problem's settings,
/// what the user writes wins, config.json says where every value came from, and the host knows no method itself.
/// </summary>
public sealed class RecipeTests
{
    private static Dictionary<string, object?> MinimalRun(string method = "PSGLD-SA") => new()
    {
        ["Name"] = "minimal",
        ["Method"] = method,
        ["Problem"] = new Dictionary<string, object?> { ["Name"] = "linear-regression" },
        ["Network"] = new Dictionary<string, object?> { ["Name"] = "linear" },
    };

    [Fact]
    public void A_method_and_a_problem_alone_resolve_to_the_section_6_1_recipe()
    {
        using var temp = new TempDirectory();

        var run = Assert.Single(Resolve.File(RunConfig.Write(temp, MinimalRun())));

        Assert.Equal(("psgld", "ssgl"), (run.Sampler.Descriptor.Name, run.Prior.Descriptor.Name));
        var sampler = run.Sampler.Options;
        Assert.Equal(("Decaying", 0.05, 1.0 / 3, 2000L),
            (Option<string>(sampler, "AlphaSchedule"), Option<double>(sampler, "StepSize"), Option<double>(sampler, "StepDecay"), Option<long>(sampler, "AlphaDecayStart")));
        var prior = run.Prior.Options;
        Assert.Equal((0.03, 100.0, 200.0, 1.0, false, 1.5, 2000L),
            (Option<double>(prior, "SpikeScale"), Option<double>(prior, "SlabVariance"), Option<double>(prior, "BetaB"), Option<double>(prior, "OmegaScale"),
             Option<bool>(prior, "SigmaScalesPrior"), Option<double>(prior, "InitialSigma"), Option<long>(prior, "SigmaAdaptStart")));
        var training = run.Specification.Training;
        Assert.Equal((10000, 2000, 10, 4, 0), (training.Epochs, training.BurnIn, training.Thinning, training.Chains, training.BatchSize));
        Assert.Equal(SparsePlugins.Host.Configuration.ChainSelection.LogJoint, training.ChainSelection);
    }

    [Fact]
    public void The_configuration_file_beats_the_recipes_and_the_command_line_beats_the_file()
    {
        using var temp = new TempDirectory();
        var spec = MinimalRun();
        spec["Sampler"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["StepSize"] = 0.02 } };
        spec["Training"] = new Dictionary<string, object?> { ["Chains"] = 3 };

        var run = Assert.Single(Resolve.File(RunConfig.Write(temp, spec), "--Runs:0:Training:Chains=2"));

        Assert.Equal(0.02, Option<double>(run.Sampler.Options, "StepSize"));
        Assert.Equal(2, run.Specification.Training.Chains);
        // The rest of the recipes still applies.
        Assert.Equal(2000L, Option<long>(run.Sampler.Options, "AlphaDecayStart"));
        Assert.Equal(10000, run.Specification.Training.Epochs);
    }

    [Fact]
    public void A_recipes_sampler_options_are_left_out_when_the_run_names_another_sampler()
    {
        using var temp = new TempDirectory();
        var spec = MinimalRun();
        spec["Sampler"] = new Dictionary<string, object?> { ["Name"] = "sgld" };

        var run = Assert.Single(Resolve.File(RunConfig.Write(temp, spec)));

        // Every sampler option of both recipes was written for psgld: AlphaSchedule would not even bind onto sgld, and
        // pSGLD's step size is not SGLD's. The prior and training settings still apply.
        Assert.Equal("sgld", run.Sampler.Descriptor.Name);
        Assert.Equal(0.001, Option<double>(run.Sampler.Options, "StepSize"));
        Assert.Equal("ssgl", run.Prior.Descriptor.Name);
        Assert.Equal(0.03, Option<double>(run.Prior.Options, "SpikeScale"));
        Assert.Equal(10000, run.Specification.Training.Epochs);
    }

    [Fact]
    public void Config_json_names_the_source_of_every_value()
    {
        using var temp = new TempDirectory();
        var spec = MinimalRun();
        spec["Training"] = new Dictionary<string, object?> { ["Epochs"] = 30, ["BurnIn"] = 10 };
        var config = RunConfig.Write(temp, spec);

        var result = HostRun.Invoke("run", "--config", config, "--Runs:0:Training:Chains=1");

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("out"), "minimal", "config.json")));
        var sources = document.RootElement.GetProperty("Sources");
        string Source(string key) => sources.GetProperty(key).GetString()!;
        Assert.Equal("recipe PSGLD-SA (sampler plugin psgld)", Source("Sampler:Options:AlphaSchedule"));
        Assert.Equal("recipe PSGLD-SA (sampler plugin psgld)", Source("Prior:Name"));
        Assert.Equal("recipe section-6.1 for PSGLD-SA (problem plugin linear-regression)", Source("Prior:Options:SpikeScale"));
        Assert.Equal($"configuration file {config}", Source("Training:Epochs"));
        Assert.Equal("command-line overrides", Source("Training:Chains"));
        Assert.Equal(ResolvedSources.Default, Source("Prior:Options:OmegaCap"));
        Assert.Equal(ResolvedSources.Default, Source("Seed"));
        // Every value of the run has a source, and the file still reruns as a configuration.
        var values = Leaves(document.RootElement.GetProperty("Runs")[0]).ToList();
        Assert.Equal(values.Order(StringComparer.Ordinal), sources.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var rerun = HostRun.Invoke("run", "--config", Path.Combine(temp.File("out"), "minimal", "config.json"), "--list");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
    }

    [Fact]
    public void An_unknown_method_is_one_message_listing_the_recipes_and_exit_code_2()
    {
        using var temp = new TempDirectory();

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, MinimalRun("PSGLD-SB")));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown Method 'PSGLD-SB'. Available method recipes: PSGLD (psgld + gaussian, from sampler plugin psgld)",
            result.Error, StringComparison.Ordinal);
        Assert.Contains("SGLD-SA (sgld + ssgl, from sampler plugin sgld)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Name' is missing", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plugins_lists_the_method_and_problem_recipes()
    {
        var result = HostRun.Invoke("plugins");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  PSGLD-SA: psgld + ssgl", result.Output, StringComparison.Ordinal);
        Assert.Contains("Sampler:Options:AlphaSchedule=Decaying", result.Output, StringComparison.Ordinal);
        Assert.Contains("  linear-regression / PSGLD-SA: section-6.1", result.Output, StringComparison.Ordinal);
        Assert.Contains("  kle-darcy / SGLD-SA: table-1", result.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(HostRun.Invoke("plugins", "--json").Output);
        Assert.Contains(json.RootElement.GetProperty("recipes").EnumerateArray(),
            r => r.GetProperty("method").GetString() == "PSGLD-SA" && r.GetProperty("kind").GetString() == "problem");
    }

    [Fact]
    public void A_third_party_sampler_publishes_its_own_method_with_no_host_change()
    {
        var catalog = Resolve.Catalog(TestPaths.Plugins, TestPaths.Fixture("AuthorPlugins"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runs:0:Name"] = "explore", ["Runs:0:Method"] = "EXPLORE-SA",
            ["Runs:0:Problem:Name"] = "linear-regression", ["Runs:0:Network:Name"] = "linear",
        }).Build();

        var run = Assert.Single(Resolve.Configuration(configuration, catalog));

        Assert.Equal(("fixture-explore-then-sample", "ssgl"), (run.Sampler.Descriptor.Name, run.Prior.Descriptor.Name));
        Assert.Equal(0.05, Option<double>(run.Prior.Options, "SpikeScale"));
        Assert.Equal(2, run.Specification.Training.Thinning);
        Assert.Equal("recipe explore-sa (sampler plugin fixture-explore-then-sample)", run.Specification.Sources["Training:Thinning"]);
    }

    /// <summary>By name: the plugins' option classes live in the plugins' load contexts, not the tests'.</summary>
    private static T Option<T>(object options, string name) =>
        (T)Convert.ChangeType(options.GetType().GetProperty(name)!.GetValue(options)!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> Leaves(JsonElement element, string path = "") => element.ValueKind switch
    {
        JsonValueKind.Object when element.EnumerateObject().Any() =>
            element.EnumerateObject().SelectMany(p => Leaves(p.Value, path.Length == 0 ? p.Name : $"{path}:{p.Name}")),
        JsonValueKind.Array when element.GetArrayLength() > 0 => element.EnumerateArray().SelectMany((e, i) => Leaves(e, $"{path}:{i}")),
        _ => [path],
    };
}
