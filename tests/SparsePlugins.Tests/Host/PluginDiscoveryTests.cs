using Microsoft.Extensions.Logging.Abstractions;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Host.Runs;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

public sealed class PluginDiscoveryTests
{
    private static PluginCatalog Discover(params string[] directories)
    {
        var catalog = new PluginCatalog(NullLogger<PluginCatalog>.Instance);
        catalog.Discover(directories);
        return catalog;
    }

    [Theory]
    [InlineData(PluginKind.Sampler, "sgld")]
    [InlineData(PluginKind.Prior, "gaussian")]
    [InlineData(PluginKind.Network, "linear")]
    [InlineData(PluginKind.Problem, "linear-regression")]
    public void Built_plugins_are_discovered_with_metadata(PluginKind kind, string name)
    {
        var catalog = Discover(TestPaths.Plugins);

        var plugin = catalog.Find(kind, name);

        Assert.NotNull(plugin);
        Assert.Equal(kind, plugin.Kind);
        Assert.False(string.IsNullOrWhiteSpace(plugin.Description));
        Assert.Matches(@"^\d+\.\d+\.\d+$", plugin.Version);
        Assert.StartsWith(TestPaths.Plugins, plugin.SourceFile);
        Assert.IsAssignableFrom(PluginAttribute.ContractOf(kind), plugin.Factory);
    }

    [Fact]
    public void Plugins_share_the_hosts_contract_and_torch_assemblies()
    {
        var catalog = Discover(TestPaths.Plugins);
        var sgld = catalog.Find(PluginKind.Sampler, "sgld")!;

        var pluginAssembly = sgld.Factory.GetType().Assembly;
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(pluginAssembly)!;

        Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.Default, context);
        foreach (var reference in pluginAssembly.GetReferencedAssemblies().Where(r => r.Name is "SparsePlugins.Abstractions" or "TorchSharp"))
        {
            var loaded = context.LoadFromAssemblyName(reference);
            Assert.Same(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(loaded));
        }
    }

    [Fact]
    public void A_plugin_gets_its_own_copy_of_a_library_it_ships_newer_than_the_host()
    {
        var catalog = Discover(TestPaths.Plugins);
        var regression = catalog.Find(PluginKind.Problem, "linear-regression")!;
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(regression.Factory.GetType().Assembly)!;

        // TorchSharp brings SkiaSharp 2.88 into the host; ScottPlot in the regression plugin needs SkiaSharp 3.
        var hostSkia = System.Reflection.AssemblyName.GetAssemblyName(Path.Combine(AppContext.BaseDirectory, "SkiaSharp.dll"));
        var pluginSkia = context.LoadFromAssemblyName(new System.Reflection.AssemblyName("SkiaSharp") { Version = new Version(3, 0) });

        Assert.Equal(2, hostSkia.Version!.Major);
        Assert.Equal(3, pluginSkia.GetName().Version!.Major);
        Assert.Same(context, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(pluginSkia));
    }

    [Fact]
    public void A_corrupt_dll_is_quarantined_and_the_others_still_load()
    {
        using var temp = new TempDirectory();
        var broken = Directory.CreateDirectory(Path.Combine(temp.Path, "Broken"));
        File.WriteAllBytes(Path.Combine(broken.FullName, "Broken.dll"), [0x4d, 0x5a, 1, 2, 3, 4, 5]);
        File.WriteAllText(Path.Combine(temp.Path, "notes.dll"), "this is text, not an assembly");

        var catalog = Discover(TestPaths.Plugins, temp.Path);

        var quarantined = catalog.Problems.ToList();
        Assert.Contains(quarantined, s => s.SourceFile.EndsWith("Broken.dll", StringComparison.Ordinal) && s.State == PluginLoadState.NotAPlugin);
        Assert.Contains(quarantined, s => s.SourceFile.EndsWith("notes.dll", StringComparison.Ordinal) && s.State == PluginLoadState.NotAPlugin);
        Assert.All(quarantined, s => Assert.False(string.IsNullOrWhiteSpace(s.Message)));
        Assert.NotNull(catalog.Find(PluginKind.Sampler, "sgld"));
    }

    [Fact]
    public void A_plugin_whose_dependency_is_missing_is_quarantined_with_the_reason()
    {
        var catalog = Discover(TestPaths.Plugins, Path.GetDirectoryName(TestPaths.Fixture("MissingDependency"))!);

        var status = Assert.Single(catalog.Statuses, s => s.SourceFile.Contains("MissingDependency", StringComparison.Ordinal));
        Assert.Equal(PluginLoadState.MissingDependency, status.State);
        Assert.Null(status.Name);
        Assert.Contains("needs FixtureDependency", status.Message, StringComparison.Ordinal);
        Assert.Null(catalog.Find(PluginKind.Prior, "needs-dependency"));
        Assert.NotNull(catalog.Find(PluginKind.Prior, "gaussian"));
    }

    [Fact]
    public void A_duplicate_name_is_reported_naming_both_files()
    {
        var catalog = Discover(TestPaths.Plugins, Path.GetDirectoryName(TestPaths.Fixture("DuplicateSamplerPlugin"))!);

        // The folder holds every fixture, each with its own problem; one of them is the duplicate.
        var duplicate = Assert.Single(catalog.Problems, s => s.State == PluginLoadState.Duplicate);
        Assert.Equal((PluginKind?)PluginKind.Sampler, duplicate.Kind);
        Assert.Equal("sgld", duplicate.Name);
        Assert.Contains("SparsePlugins.Samplers.dll", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("DuplicateSamplerPlugin.dll", duplicate.Message, StringComparison.Ordinal);
        Assert.Same(duplicate, catalog.ProblemWith(PluginKind.Sampler, "SGLD"));
        Assert.NotNull(catalog.Find(PluginKind.Sampler, "fixture-noop"));
        Assert.Contains(catalog.Statuses, s => s.Name == "fixture-noop" && s.State == PluginLoadState.Active);
    }

    [Fact]
    public void A_run_naming_a_duplicate_is_refused_by_its_load_state()
    {
        var catalog = Discover(TestPaths.Plugins, Path.GetDirectoryName(TestPaths.Fixture("DuplicateSamplerPlugin"))!);

        var error = Assert.Throws<InvalidInputException>(() => new RunResolver(catalog).Find(PluginKind.Sampler, "sgld"));

        Assert.Contains("is Duplicate", error.Message, StringComparison.Ordinal);
        Assert.Contains("DuplicateSamplerPlugin.dll", error.Message, StringComparison.Ordinal);
        Assert.Equal("fixture-noop", new RunResolver(catalog).Find(PluginKind.Sampler, "fixture-noop").Name);
    }

    [Fact]
    public void A_malformed_export_is_quarantined_alone_with_all_its_mistakes_at_once()
    {
        var catalog = Discover(TestPaths.Fixture("FaultyPlugins"));

        var malformed = Assert.Single(catalog.Statuses, s => s.State == PluginLoadState.Malformed);
        Assert.Equal("Bad_Name", malformed.Name);
        Assert.Equal((PluginKind?)PluginKind.Prior, malformed.Kind);
        Assert.Contains("not kebab-case", malformed.Message, StringComparison.Ordinal);
        Assert.Contains("UnbindableOptions", malformed.Message, StringComparison.Ordinal);
        var failed = Assert.Single(catalog.Statuses, s => s.State == PluginLoadState.ConstructorFailed);
        Assert.Equal("fixture-ctor-throws", failed.Name);
        // The same file's good exports load.
        Assert.NotNull(catalog.Find(PluginKind.Sampler, "fixture-step-throws"));
        Assert.NotNull(catalog.Find(PluginKind.Problem, "fixture-flat-targets"));
    }

    [Fact]
    public void A_plugin_built_against_another_contract_is_quarantined_whatever_its_version_says()
    {
        var catalog = Discover(TestPaths.Plugins, TestPaths.Fixture("IncompatibleContract"));

        var status = Assert.Single(catalog.Statuses, s => s.SourceFile.Contains("IncompatibleContract", StringComparison.Ordinal));
        Assert.Equal(PluginLoadState.IncompatibleContract, status.State);
        Assert.Contains("SparsePlugins.Abstractions.LegacyContracts", status.Message, StringComparison.Ordinal);
        Assert.EndsWith($"rebuild against SparsePlugins.Abstractions {ContractsVersion()}", status.Message, StringComparison.Ordinal);
        Assert.Null(catalog.Find(PluginKind.Sampler, "fixture-legacy-contract"));
        Assert.NotNull(catalog.Find(PluginKind.Sampler, "sgld"));
    }

    [Fact]
    public void Every_shipped_plugin_passes_the_contract_check()
    {
        var catalog = Discover(TestPaths.Plugins);

        Assert.Empty(catalog.Problems);
        Assert.Equal(catalog.Plugins.Count, catalog.Statuses.Count(s => s.State == PluginLoadState.Active));
    }

    /// <summary>ContractsVersion from Directory.Build.props, read independently of the host.</summary>
    private static string ContractsVersion() =>
        System.Text.RegularExpressions.Regex.Match(File.ReadAllText(Path.Combine(TestPaths.Repository, "Directory.Build.props")),
            "<ContractsVersion>([^<]+)</ContractsVersion>").Groups[1].Value;

    [Fact]
    public void Plugins_command_lists_plugins_with_their_options_as_json()
    {
        var run = HostRun.Invoke("plugins", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        var plugins = json.RootElement.GetProperty("plugins").EnumerateArray().ToList();
        var sgld = plugins.Single(p => p.GetProperty("name").GetString() == "sgld");
        Assert.Equal("sampler", sgld.GetProperty("kind").GetString());
        var stepSize = sgld.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "StepSize");
        Assert.Equal("double", stepSize.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(stepSize.GetProperty("description").GetString()));
    }

    [Fact]
    public void Plugins_command_text_shows_quarantined_files_with_their_state()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "junk.dll"), "junk");

        var run = HostRun.Invoke("plugins", $"--PluginDirectories:0={TestPaths.Plugins}", $"--PluginDirectories:1={temp.Path}");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("sgld", run.Output, StringComparison.Ordinal);
        Assert.Contains("  NotAPlugin: " + Path.Combine(temp.Path, "junk.dll"), run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plugins_json_gives_every_load_state()
    {
        var run = HostRun.Invoke("plugins", "--json", $"--PluginDirectories:0={Path.GetDirectoryName(TestPaths.Fixture("DuplicateSamplerPlugin"))}");

        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        var states = json.RootElement.GetProperty("loadStates").EnumerateArray().ToList();
        var duplicate = Assert.Single(states, s => s.GetProperty("state").GetString() == "Duplicate");
        Assert.Equal("sampler", duplicate.GetProperty("kind").GetString());
        Assert.Equal("sgld", duplicate.GetProperty("name").GetString());
        Assert.Contains(states, s => s.GetProperty("state").GetString() == "Active" && s.GetProperty("name").GetString() == "fixture-noop");
        Assert.Contains(states, s => s.GetProperty("state").GetString() == "MissingDependency");
    }

    [Fact]
    public void Setting_plugin_directories_adds_folders_and_keeps_the_built_in_one()
    {
        var settings = new SparsePlugins.Host.Configuration.HostSettings { PluginDirectories = ["plugins", "/opt/more-plugins/"] };

        var folders = PluginFolders.Resolve(settings);

        Assert.Equal([Path.TrimEndingDirectorySeparator(Path.GetFullPath(TestPaths.Plugins)), "/opt/more-plugins"], folders);
        var run = HostRun.Invoke("plugins", $"--PluginDirectories:0={TestPaths.Fixture("FaultyPlugins")}");
        Assert.Contains("  sgld ", run.Output, StringComparison.Ordinal);
        Assert.Contains("  fixture-step-throws ", run.Output, StringComparison.Ordinal);
    }
}
