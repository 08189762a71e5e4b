using System.Text.Json;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Host.Runs;

namespace SparsePlugins.Host.Commands;

/// <summary>The <c>plugins</c> command: what was discovered, the recipes it publishes, what was quarantined and why.</summary>
public sealed class PluginsCommand(PluginCatalog catalog)
{
    public int Execute(bool json, TextWriter output)
    {
        var recipes = RecipeBook.From(catalog);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                Plugins = catalog.Plugins.OrderBy(p => p.Kind).ThenBy(p => p.Name).Select(p => new
                {
                    Kind = p.Kind.ToString().ToLowerInvariant(),
                    p.Name,
                    p.Version,
                    p.Description,
                    Source = p.SourceFile,
                    State = PluginLoadState.Active,
                    Options = OptionDescription.Of(p.OptionsType),
                }),
                // Every load outcome, one per export (kind and name set) or per file (both null): code reads State.
                LoadStates = catalog.Statuses.Select(s => new
                {
                    s.State,
                    Source = s.SourceFile,
                    Kind = s.Kind?.ToString().ToLowerInvariant(),
                    s.Name,
                    s.Message,
                }),
                Recipes = recipes.All.Select(r => new
                {
                    r.Recipe.Name,
                    r.Recipe.Method,
                    Kind = r.IsProblemRecipe ? "problem" : "method",
                    Plugin = $"{r.Publisher.Kind.ToString().ToLowerInvariant()}:{r.Publisher.Name}",
                    r.Recipe.Sampler,
                    r.Recipe.Prior,
                    r.Recipe.Description,
                    r.Recipe.Settings,
                }),
                UnusableRecipes = recipes.Errors,
            }, JsonOutput.Options));
            return 0;
        }
        foreach (var kind in Enum.GetValues<PluginKind>())
        {
            output.WriteLine($"{kind}s:");
            foreach (var plugin in catalog.OfKind(kind))
            {
                output.WriteLine($"  {plugin.Name} {plugin.Version}  {plugin.Description}");
                output.WriteLine($"    from {plugin.SourceFile}");
                foreach (var option in OptionDescription.Of(plugin.OptionsType))
                {
                    var constraint = option.Constraint is null ? "" : $" {option.Constraint}";
                    output.WriteLine($"    {option.Name} ({option.Type}{constraint}, default {option.Default}): {option.Description}");
                }
            }
            output.WriteLine();
        }
        RecipeListing.Write(recipes, output);
        WriteProblems(output);
        foreach (var unusable in recipes.Errors)
        {
            output.WriteLine($"Unusable recipe: {unusable}");
        }
        return 0;
    }

    /// <summary>Every quarantined export or file, one line each, led by its load state (docs/writing-plugins.md lists them).</summary>
    private void WriteProblems(TextWriter output)
    {
        var problems = catalog.Problems.ToList();
        if (problems.Count == 0) return;
        output.WriteLine("Not loaded (quarantined):");
        foreach (var status in problems)
        {
            output.WriteLine("  " + status);
        }
    }
}
