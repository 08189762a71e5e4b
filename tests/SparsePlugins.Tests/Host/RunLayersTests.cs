using Microsoft.Extensions.Configuration;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;

namespace SparsePlugins.Tests.Host;

/// <summary>The layering order of a run's settings, on recipes made up for the test (no plugin is loaded).</summary>
public sealed class RunLayersTests
{
    private static PublishedRecipe Published(PluginKind kind, string plugin, Recipe recipe) =>
        new(recipe, new PluginDescriptor(kind, plugin, "1.0.0", "", typeof(NoOptions), "test", new object()));

    private static readonly RecipeBook Book = new(
    [
        Published(PluginKind.Sampler, "s", new Recipe("m", "M", "method", Settings(("Training:Epochs", "1"), ("Training:Thinning", "1"),
            ("Training:BurnIn", "1"), ("Sampler:Options:A", "method"))) { Sampler = "s", Prior = "p" }),
        Published(PluginKind.Problem, "q", new Recipe("any", Recipe.AnyMethod, "every method", Settings(("Training:Epochs", "2"),
            ("Training:Thinning", "2"), ("Prior:Options:List:0", "a"), ("Prior:Options:List:1", "b")))),
        Published(PluginKind.Problem, "q", new Recipe("for-m", "M", "this method", Settings(("Training:Epochs", "3")))),
    ], []);

    private static Dictionary<string, string> Settings(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private static LayeredSettings Build(Dictionary<string, string?> user, List<string>? errors = null)
    {
        var run = new ConfigurationBuilder().AddInMemoryCollection(user).Build().GetSection("Runs:0");
        return RunLayers.Build(run, run["Method"], Book, _ => "user", errors ?? []);
    }

    private static Dictionary<string, string?> Run(params (string Key, string Value)[] extra)
    {
        var run = new Dictionary<string, string?> { ["Runs:0:Method"] = "m", ["Runs:0:Problem:Name"] = "q" };
        foreach (var (key, value) in extra) run[$"Runs:0:{key}"] = value;
        return run;
    }

    [Fact]
    public void Method_recipe_lies_under_the_problems_any_method_recipe_under_its_method_recipe_under_the_user()
    {
        var settings = Build(Run(("Training:BurnIn", "9")));

        Assert.Equal(("3", "recipe for-m for M (problem plugin q)"), (settings["Training:Epochs"], settings.Sources["Training:Epochs"]));
        Assert.Equal(("2", "recipe any for * (problem plugin q)"), (settings["Training:Thinning"], settings.Sources["Training:Thinning"]));
        Assert.Equal(("method", "recipe m (sampler plugin s)"), (settings["Sampler:Options:A"], settings.Sources["Sampler:Options:A"]));
        Assert.Equal(("9", "user"), (settings["Training:BurnIn"], settings.Sources["Training:BurnIn"]));
        Assert.Equal("s", settings["Sampler:Name"]);
    }

    [Fact]
    public void A_list_the_user_writes_replaces_the_recipes_list_whole()
    {
        var settings = Build(Run(("Prior:Options:List:0", "z")));

        Assert.Equal("z", settings["Prior:Options:List:0"]);
        Assert.Null(settings["Prior:Options:List:1"]);
    }

    [Fact]
    public void Options_for_another_sampler_are_left_out()
    {
        var settings = Build(Run(("Sampler:Name", "other")));

        Assert.Null(settings["Sampler:Options:A"]);
        Assert.Equal("3", settings["Training:Epochs"]);
    }

    [Fact]
    public void Without_a_method_only_the_problems_any_method_recipe_applies()
    {
        var run = Run();
        run.Remove("Runs:0:Method");

        var settings = Build(run);

        Assert.Equal("2", settings["Training:Epochs"]);
        Assert.Null(settings["Sampler:Name"]);
    }

    [Fact]
    public void A_recipe_key_outside_training_sampler_and_prior_options_is_refused()
    {
        Assert.Null(RecipeCheck.Problem(new Recipe("ok", "M", "", Settings(("Sampler:Options:A", "1")))));
        var problem = RecipeCheck.Problem(new Recipe("bad", "M", "", Settings(("Problem:Options:Terms", "4"), ("Sampler:Name", "x"))));
        Assert.Contains("'Problem:Options:Terms', 'Sampler:Name'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_plugins_publishing_one_method_make_naming_it_an_error_that_names_both()
    {
        var twice = new RecipeBook([Book.All[0], Published(PluginKind.Sampler, "t", Book.All[0].Recipe)], []);

        var error = Assert.Throws<InvalidInputException>(() => twice.Method("M"));

        Assert.Contains("sampler plugin s", error.Message, StringComparison.Ordinal);
        Assert.Contains("sampler plugin t", error.Message, StringComparison.Ordinal);
    }
}
