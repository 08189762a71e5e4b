using SparsePlugins.Abstractions;
using SparsePlugins.Host.Plugins;

namespace SparsePlugins.Host.Configuration;

/// <summary>A recipe and the plugin that published it (which makes it a method or a problem recipe).</summary>
public sealed record PublishedRecipe(Recipe Recipe, PluginDescriptor Publisher)
{
    public bool IsProblemRecipe => Publisher.Kind == PluginKind.Problem;

    /// <summary>How <c>config.json</c> names this recipe as the source of a value.</summary>
    public string Source => IsProblemRecipe
        ? $"recipe {Recipe.Name} for {Recipe.Method} (problem plugin {Publisher.Name})"
        : $"recipe {Recipe.Name} ({Publisher.Kind.ToString().ToLowerInvariant()} plugin {Publisher.Name})";
}
