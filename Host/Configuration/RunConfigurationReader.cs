using SparsePlugins.Abstractions;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using SparsePlugins.Host.Options;

namespace SparsePlugins.Host.Configuration;

/// <summary>
/// Reads <c>Runs</c> from configuration into <see cref="RunSpecification"/>s, naming every mistake. Each run's settings are
/// its <c>Method</c>'s recipes with what the user wrote laid over them (<see cref="RunLayers"/>).
/// </summary>
public static class RunConfigurationReader
{
    private static readonly HashSet<string> RunKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Name", "Seed", "Method", "Problem", "Network", "Prior", "Sampler", "Training",
    };

    public static IReadOnlyList<RunSpecification> Read(IConfiguration configuration, RecipeBook recipes)
    {
        var runs = new List<RunSpecification>();
        var errors = new List<string>();
        var sections = configuration.GetSection("Runs").GetChildren().ToList();
        if (sections.Count == 0)
        {
            throw new InvalidInputException(
                "The configuration has no runs. Add a \"Runs\" array (see README, 'Configuration'), or pass --config FILE.");
        }
        foreach (var section in sections)
        {
            var label = $"Runs[{section.Key}]";
            try
            {
                runs.Add(ReadRun(configuration, section, label, recipes));
            }
            catch (InvalidInputException e)
            {
                errors.Add(e.Message);
            }
        }
        foreach (var group in runs.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"Run name '{group.Key}' is used {group.Count()} times; run names must be unique (they name output folders).");
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(string.Join("\n", errors));
        }
        return runs;
    }

    private static RunSpecification ReadRun(IConfiguration configuration, IConfigurationSection section, string label,
        RecipeBook recipes)
    {
        var errors = new List<string>();
        foreach (var child in section.GetChildren().Where(c => !RunKeys.Contains(c.Key)))
        {
            errors.Add($"unknown key '{child.Key}' (known: {string.Join(", ", RunKeys)})");
        }
        var name = section["Name"];
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("'Name' is missing");
            name = label;
        }
        else if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
        {
            errors.Add($"'Name' ('{name}') cannot be used as a folder name");
        }
        label = $"run '{name}'";

        long seed = 0;
        if (section["Seed"] is { } seedText && !long.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
        {
            errors.Add($"'Seed' ('{seedText}') is not an integer");
        }

        CheckShapes(section, errors);
        CheckSelectionKeys(section, errors);

        var method = section["Method"];
        var before = errors.Count;
        var settings = RunLayers.Build(section, string.IsNullOrWhiteSpace(method) ? null : method, recipes,
            key => ConfigurationSource.Of(configuration, $"{section.Path}:{key}"), errors);
        var merged = settings.ToConfiguration();

        var problem = ReadSelection(merged.GetSection("Problem"), "Problem", errors);
        var network = ReadSelection(merged.GetSection("Network"), "Network", errors);
        // With an unknown method the missing sampler and prior follow from it: one message, not three.
        var recipesFound = errors.Count == before;
        var prior = recipesFound ? ReadSelection(merged.GetSection("Prior"), "Prior", errors) : null;
        var sampler = recipesFound ? ReadSelection(merged.GetSection("Sampler"), "Sampler", errors) : null;

        TrainingOptions training;
        try
        {
            training = (TrainingOptions)OptionsBinder.Bind(typeof(TrainingOptions), $"Training of {label}", merged.GetSection("Training"));
        }
        catch (InvalidInputException e)
        {
            errors.Add(e.Message);
            training = new TrainingOptions();
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException($"Invalid {label}:\n  - " + string.Join("\n  - ", errors));
        }
        var methodLabel = string.IsNullOrWhiteSpace(method) ? $"{sampler!.Name}+{prior!.Name}" : method;
        return new RunSpecification(name, seed, methodLabel, problem!, network!, prior!, sampler!, training, settings.Sources);
    }

    private static void CheckShapes(IConfigurationSection run, List<string> errors)
    {
        foreach (var key in new[] { "Problem", "Network", "Prior", "Sampler", "Training" })
        {
            // A scalar where an object belongs would otherwise be dropped in silence and the defaults used.
            if (run.GetSection(key) is { Value: { } value } scalar && !scalar.GetChildren().Any())
            {
                errors.Add($"'{key}' is '{value}', but it must be an object, e.g. " +
                           (key == "Training" ? "\"Training\": { \"Epochs\": 100 }" : $"\"{key}\": {{ \"Name\": \"...\" }}"));
            }
        }
    }

    /// <summary>Plugin sections hold Name and Options only; checked on what the user wrote, before recipes are laid under it.</summary>
    private static void CheckSelectionKeys(IConfigurationSection run, List<string> errors)
    {
        foreach (var what in new[] { "Problem", "Network", "Prior", "Sampler" })
        {
            foreach (var child in run.GetSection(what).GetChildren().Where(c => c.Key is not ("Name" or "Options")))
            {
                errors.Add($"'{what}' has unknown key '{child.Key}' (expected Name and Options)");
            }
        }
    }

    private static PluginSelection? ReadSelection(IConfigurationSection section, string what, List<string> errors)
    {
        var name = section["Name"];
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"'{what}:Name' is missing" + (what is "Prior" or "Sampler" ? " (or set Method to a recipe; `plugins` lists them)" : ""));
            return null;
        }
        var options = section.GetSection("Options");
        return new PluginSelection(name, options.Exists() ? options : null);
    }
}
