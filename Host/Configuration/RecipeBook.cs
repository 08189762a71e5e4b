using SparsePlugins.Abstractions;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;

namespace SparsePlugins.Host.Configuration;

/// <summary>
/// Every recipe the discovered plugins publish (<see cref="IPublishesRecipes"/>). The host knows no method and no
/// option name: a run's <c>Method</c> is looked up here, so a third-party sampler's recipe works like the paper's.
/// </summary>
public sealed class RecipeBook(IReadOnlyList<PublishedRecipe> recipes, IReadOnlyList<string> errors)
{
    public IReadOnlyList<PublishedRecipe> All => recipes;

    /// <summary>One message per recipe a plugin published wrongly (it is left out).</summary>
    public IReadOnlyList<string> Errors => errors;

    public IEnumerable<PublishedRecipe> Methods => recipes.Where(r => !r.IsProblemRecipe);

    public static RecipeBook From(PluginCatalog catalog)
    {
        var found = new List<PublishedRecipe>();
        var problems = new List<string>();
        foreach (var plugin in catalog.Plugins.Where(p => p.Factory is IPublishesRecipes))
        {
            foreach (var recipe in Published(plugin, problems))
            {
                if (RecipeCheck.Problem(recipe) is { } problem)
                {
                    problems.Add($"The {plugin.Kind.ToString().ToLowerInvariant()} plugin '{plugin.Name}' publishes a recipe that is left out: {problem}.");
                    continue;
                }
                found.Add(new PublishedRecipe(recipe, plugin));
            }
        }
        return new RecipeBook(found, problems);
    }

    /// <summary>The method recipe a run's <c>Method</c> names.</summary>
    /// <exception cref="InvalidInputException">No plugin, or more than one, publishes it; the message lists the recipes.</exception>
    public PublishedRecipe Method(string method)
    {
        var matches = Methods.Where(r => string.Equals(r.Recipe.Method, method, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches switch
        {
            [var only] => only,
            [] => throw new InvalidInputException($"unknown Method '{method}'. Available method recipes: {MethodList()}. " +
                "Or leave Method out and set Sampler:Name and Prior:Name (`plugins` lists the recipes and the plugins)."),
            _ => throw new InvalidInputException($"Method '{method}' is published by more than one plugin: " +
                string.Join(" and ", matches.Select(m => m.Source)) + ". Remove one of the plugins, or leave Method out and " +
                "set Sampler:Name and Prior:Name."),
        };
    }

    /// <summary>The problem's recipes for the method, the one for every method first (it lies under the specific one).</summary>
    /// <exception cref="InvalidInputException">The problem publishes two recipes for the same method.</exception>
    public IReadOnlyList<PublishedRecipe> ForProblem(string problem, string method)
    {
        var ofProblem = recipes.Where(r => r.IsProblemRecipe && string.Equals(r.Publisher.Name, problem, StringComparison.OrdinalIgnoreCase));
        var layers = new List<PublishedRecipe>();
        foreach (var served in new[] { Recipe.AnyMethod, method })
        {
            var matches = ofProblem.Where(r => string.Equals(r.Recipe.Method, served, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count > 1)
            {
                throw new InvalidInputException($"the problem plugin '{problem}' publishes {matches.Count} recipes for Method " +
                    $"'{served}' ({string.Join(", ", matches.Select(m => m.Recipe.Name))}); it may publish one.");
            }
            layers.AddRange(matches);
        }
        return layers;
    }

    private string MethodList()
    {
        var names = Methods.Select(r => $"{r.Recipe.Method} ({r.Recipe.Sampler ?? "?"} + {r.Recipe.Prior ?? "?"}, from " +
            $"{r.Publisher.Kind.ToString().ToLowerInvariant()} plugin {r.Publisher.Name})").ToList();
        return names.Count == 0 ? "none (no plugin publishes one; see `plugins`)" : string.Join(", ", names);
    }

    private static IReadOnlyList<Recipe> Published(PluginDescriptor plugin, List<string> problems)
    {
        try
        {
            return ((IPublishesRecipes)plugin.Factory).Recipes ?? [];
        }
        catch (Exception e)
        {
            // A plugin's bug in its recipe list must not stop the runs that do not use it.
            problems.Add($"The {plugin.Kind.ToString().ToLowerInvariant()} plugin '{plugin.Name}' could not list its recipes: {e.Message}");
            return [];
        }
    }
}
