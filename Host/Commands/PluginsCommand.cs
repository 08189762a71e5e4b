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
                    Options = OptionDescription.Of(p.OptionsType),
                }),
                Quarantined = catalog.Statuses.Where(s => s.State == PluginLoadState.Quarantined)
                    .Select(s => new { Source = s.SourceFile, Reason = s.Message }),
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
                Duplicates = catalog.DuplicateErrors,
                Unusable = catalog.UnusableErrors.Concat(recipes.Errors),
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
        foreach (var status in catalog.Statuses.Where(s => s.State == PluginLoadState.Quarantined))
        {
            output.WriteLine($"Quarantined: {status.SourceFile}: {status.Message}");
        }
        foreach (var duplicate in catalog.DuplicateErrors)
        {
            output.WriteLine($"Duplicate: {duplicate}");
        }
        foreach (var unusable in catalog.UnusableErrors.Concat(recipes.Errors))
        {
            output.WriteLine($"Unusable: {unusable}");
        }
        return 0;
    }
}
