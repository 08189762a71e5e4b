using SparsePlugins.Abstractions;
using Microsoft.Extensions.Configuration;
using SparsePlugins.Host.Options;

namespace SparsePlugins.Host.Configuration;

/// <summary>
/// The layering of one run's settings, lowest first: the recipe its <c>Method</c> names (from the sampler or prior plugin),
/// the problem's recipe for every method, the problem's recipe for that method, then what the user wrote (configuration
/// file, environment, command line, in that order). A recipe's sampler or prior options are left out when the run
/// uses another sampler or prior than the recipe was written for: they would not bind, or mean something else.
/// </summary>
public static class RunLayers
{
    /// <param name="run">The user's run section (<c>Runs:i</c>).</param>
    /// <param name="userSource">Names the source of a user key (relative to the run).</param>
    public static LayeredSettings Build(IConfigurationSection run, string? method, RecipeBook recipes,
        Func<string, string> userSource, List<string> errors)
    {
        var settings = new LayeredSettings();
        var layers = Recipes(run, method, recipes, errors);
        var methodRecipe = layers.FirstOrDefault(l => !l.IsProblemRecipe);
        var sampler = run["Sampler:Name"] ?? layers.Select(l => l.Recipe.Sampler).LastOrDefault(n => n is not null);
        var prior = run["Prior:Name"] ?? layers.Select(l => l.Recipe.Prior).LastOrDefault(n => n is not null);
        foreach (var layer in layers)
        {
            var keep = new Func<string, bool>(key =>
                Applies(key, "Sampler:", layer.Recipe.Sampler ?? methodRecipe?.Recipe.Sampler, sampler) &&
                Applies(key, "Prior:", layer.Recipe.Prior ?? methodRecipe?.Recipe.Prior, prior));
            settings.Add(Values(layer).Where(v => keep(v.Key)), _ => layer.Source);
        }
        settings.Add(run.AsEnumerable(makePathsRelative: true), userSource);
        return settings;
    }

    /// <summary>The recipes under the run, lowest first; an unknown method is an error and contributes none.</summary>
    private static List<PublishedRecipe> Recipes(IConfigurationSection run, string? method, RecipeBook recipes, List<string> errors)
    {
        var layers = new List<PublishedRecipe>();
        try
        {
            if (method is not null) layers.Add(recipes.Method(method));
            if (run["Problem:Name"] is { } problem) layers.AddRange(recipes.ForProblem(problem, method ?? ""));
        }
        catch (InvalidInputException e)
        {
            errors.Add(e.Message);
            return [];
        }
        return layers;
    }

    private static bool Applies(string key, string section, string? writtenFor, string? used) =>
        !key.StartsWith(section, StringComparison.OrdinalIgnoreCase) || writtenFor is null ||
        string.Equals(writtenFor, used, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<KeyValuePair<string, string?>> Values(PublishedRecipe layer)
    {
        if (layer.Recipe.Sampler is { } sampler) yield return new("Sampler:Name", sampler);
        if (layer.Recipe.Prior is { } prior) yield return new("Prior:Name", prior);
        foreach (var (key, value) in layer.Recipe.Settings) yield return new(key, value);
    }
}
