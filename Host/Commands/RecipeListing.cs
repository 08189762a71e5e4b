using SparsePlugins.Host.Configuration;

namespace SparsePlugins.Host.Commands;

/// <summary>The recipes part of <c>plugins</c>: what a run's <c>Method</c> may name and what each recipe sets.</summary>
public static class RecipeListing
{
    public static void Write(RecipeBook recipes, TextWriter output)
    {
        output.WriteLine("Method recipes (a run's Method; sampler + prior, then the settings they add):");
        foreach (var recipe in recipes.Methods.OrderBy(r => r.Recipe.Method, StringComparer.OrdinalIgnoreCase))
        {
            output.WriteLine($"  {recipe.Recipe.Method}: {recipe.Recipe.Sampler ?? "(run's sampler)"} + {recipe.Recipe.Prior ?? "(run's prior)"}" +
                             $"  {recipe.Recipe.Description}  [{recipe.Source}]");
            WriteSettings(recipe, output);
        }
        output.WriteLine();
        output.WriteLine("Problem recipes (applied over the method recipe when a run uses the problem with that Method; " +
                         "the run's own settings override both):");
        foreach (var recipe in recipes.All.Where(r => r.IsProblemRecipe)
                     .OrderBy(r => r.Publisher.Name, StringComparer.Ordinal).ThenBy(r => r.Recipe.Method, StringComparer.OrdinalIgnoreCase))
        {
            output.WriteLine($"  {recipe.Publisher.Name} / {recipe.Recipe.Method}: {recipe.Recipe.Name}  {recipe.Recipe.Description}");
            WriteSettings(recipe, output);
        }
        output.WriteLine();
    }

    private static void WriteSettings(PublishedRecipe recipe, TextWriter output)
    {
        if (recipe.Recipe.Settings.Count == 0) return;
        output.WriteLine("    " + string.Join(", ", recipe.Recipe.Settings.Select(s => $"{s.Key}={s.Value}")));
    }
}
