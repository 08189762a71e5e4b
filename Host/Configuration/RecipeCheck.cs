using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Configuration;

/// <summary>What a published recipe must satisfy for the host to apply it.</summary>
public static class RecipeCheck
{
    /// <returns>Null when the recipe is usable, else what is wrong with it.</returns>
    public static string? Problem(Recipe? recipe)
    {
        if (recipe is null) return "a null recipe";
        if (string.IsNullOrWhiteSpace(recipe.Name) || string.IsNullOrWhiteSpace(recipe.Method))
        {
            return $"recipe '{recipe.Name}' for Method '{recipe.Method}' needs both a name and a method";
        }
        var outside = (recipe.Settings ?? new Dictionary<string, string>()).Keys
            .Where(k => !Recipe.SettingPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase) && k.Length > p.Length))
            .ToList();
        return outside.Count == 0
            ? null
            : $"recipe '{recipe.Name}' sets {string.Join(", ", outside.Select(k => $"'{k}'"))}, but a recipe may only set keys " +
              $"under {string.Join(", ", Recipe.SettingPrefixes)}";
    }
}
