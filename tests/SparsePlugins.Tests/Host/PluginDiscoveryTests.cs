using Microsoft.Extensions.Logging.Abstractions;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Plugins;
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

        var quarantined = catalog.Statuses.Where(s => s.State == PluginLoadState.Quarantined).ToList();
        Assert.Contains(quarantined, s => s.SourceFile.EndsWith("Broken.dll", StringComparison.Ordinal));
        Assert.Contains(quarantined, s => s.SourceFile.EndsWith("notes.dll", StringComparison.Ordinal));
        Assert.All(quarantined, s => Assert.False(string.IsNullOrWhiteSpace(s.Message)));
        Assert.NotNull(catalog.Find(PluginKind.Sampler, "sgld"));
    }

    [Fact]
    public void A_plugin_whose_dependency_is_missing_is_quarantined_with_the_reason()
    {
        var catalog = Discover(TestPaths.Plugins, Path.GetDirectoryName(TestPaths.Fixture("MissingDependency"))!);

        var status = Assert.Single(catalog.Statuses, s => s.SourceFile.Contains("MissingDependency", StringComparison.Ordinal));
        Assert.Equal(PluginLoadState.Quarantined, status.State);
        Assert.Contains("needs FixtureDependency", status.Message, StringComparison.Ordinal);
        Assert.Null(catalog.Find(PluginKind.Prior, "needs-dependency"));
        Assert.NotNull(catalog.Find(PluginKind.Prior, "gaussian"));
    }

    [Fact]
    public void A_duplicate_name_is_reported_naming_both_files()
    {
        var catalog = Discover(TestPaths.Plugins, Path.GetDirectoryName(TestPaths.Fixture("DuplicateSamplerPlugin"))!);

        var message = Assert.Single(catalog.DuplicateErrors);
        Assert.Contains("'sgld'", message, StringComparison.Ordinal);
        Assert.Contains("SparsePlugins.Samplers.dll", message, StringComparison.Ordinal);
        Assert.Contains("DuplicateSamplerPlugin.dll", message, StringComparison.Ordinal);
        Assert.NotNull(catalog.Find(PluginKind.Sampler, "fixture-noop"));
    }

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
    public void Plugins_command_text_shows_quarantined_files()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "junk.dll"), "junk");

        var run = HostRun.Invoke("plugins", $"--PluginDirectories:0={TestPaths.Plugins}", $"--PluginDirectories:1={temp.Path}");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("sgld", run.Output, StringComparison.Ordinal);
        Assert.Contains("Quarantined: " + Path.Combine(temp.Path, "junk.dll"), run.Output, StringComparison.Ordinal);
    }
}
