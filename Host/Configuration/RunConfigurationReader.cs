using System.Globalization;
using Microsoft.Extensions.Configuration;
using SparsePlugins.Host.Options;

namespace SparsePlugins.Host.Configuration;

/// <summary>Reads <c>Runs</c> from configuration into <see cref="RunSpecification"/>s, naming every mistake.</summary>
public static class RunConfigurationReader
{
    private static readonly HashSet<string> RunKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Name", "Seed", "Method", "Problem", "Network", "Prior", "Sampler", "Training",
    };

    public static IReadOnlyList<RunSpecification> Read(IConfiguration configuration)
    {
        var runs = new List<RunSpecification>();
        var errors = new List<string>();
        var sections = configuration.GetSection("Runs").GetChildren().ToList();
        if (sections.Count == 0)
        {
            throw new UserInputException(
                "The configuration has no runs. Add a \"Runs\" array (see README, 'Configuration'), or pass --config FILE.");
        }
        foreach (var section in sections)
        {
            var label = $"Runs[{section.Key}]";
            try
            {
                runs.Add(ReadRun(section, label));
            }
            catch (UserInputException e)
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
            throw new UserInputException(string.Join("\n", errors));
        }
        return runs;
    }

    private static RunSpecification ReadRun(IConfigurationSection section, string label)
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

        var method = section["Method"];
        MethodPresets.Preset? preset = null;
        if (!string.IsNullOrWhiteSpace(method))
        {
            preset = MethodPresets.Find(method);
            if (preset is null)
            {
                errors.Add($"unknown Method '{method}' (known: {string.Join(", ", MethodPresets.Names)}); " +
                           "or leave Method out and set Prior and Sampler");
            }
        }

        foreach (var key in new[] { "Problem", "Network", "Prior", "Sampler", "Training" })
        {
            // A scalar where an object belongs would otherwise be dropped in silence and the defaults used.
            if (section.GetSection(key) is { Value: { } value } scalar && !scalar.GetChildren().Any())
            {
                errors.Add($"'{key}' is '{value}', but it must be an object, e.g. " +
                           (key == "Training" ? "\"Training\": { \"Epochs\": 100 }" : $"\"{key}\": {{ \"Name\": \"...\" }}"));
            }
        }

        var problem = ReadSelection(section.GetSection("Problem"), null, "Problem", errors);
        var network = ReadSelection(section.GetSection("Network"), null, "Network", errors);
        var prior = ReadSelection(section.GetSection("Prior"), preset?.Prior, "Prior", errors);
        var sampler = ReadSelection(section.GetSection("Sampler"), preset?.Sampler, "Sampler", errors);
        if (preset is not null && sampler is not null &&
            string.Equals(sampler.Name, preset.Sampler, StringComparison.OrdinalIgnoreCase))
        {
            sampler = sampler with { PresetOptions = MethodPresets.ToConfiguration(preset.SamplerOptions) };
        }

        TrainingOptions training;
        try
        {
            training = (TrainingOptions)OptionsBinder.Bind(typeof(TrainingOptions), $"Training of {label}", section.GetSection("Training"));
        }
        catch (UserInputException e)
        {
            errors.Add(e.Message);
            training = new TrainingOptions();
        }

        if (errors.Count > 0)
        {
            throw new UserInputException($"Invalid {label}:\n  - " + string.Join("\n  - ", errors));
        }
        var methodLabel = method ?? $"{sampler!.Name}+{prior!.Name}";
        return new RunSpecification(name, seed, methodLabel, problem!, network!, prior!, sampler!, training);
    }

    private static PluginSelection? ReadSelection(IConfigurationSection section, string? presetName, string what, List<string> errors)
    {
        foreach (var child in section.GetChildren().Where(c => c.Key is not ("Name" or "Options")))
        {
            errors.Add($"'{what}' has unknown key '{child.Key}' (expected Name and Options)");
        }
        var name = section["Name"] ?? presetName;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"'{what}:Name' is missing" + (what is "Prior" or "Sampler" ? " (or set Method to a preset)" : ""));
            return null;
        }
        var options = section.GetSection("Options");
        return new PluginSelection(name, options.Exists() ? options : null);
    }
}
