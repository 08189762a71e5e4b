using SparsePlugins.Abstractions;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace SparsePlugins.Host.Options;

/// <summary>
/// Binds configuration onto an options object strictly (unknown keys and unconvertible values are errors) and
/// validates it with data annotations and <see cref="IValidatableObject"/>, reporting every violation at once.
/// </summary>
public static class OptionsBinder
{
    /// <param name="layers">Configuration layers applied in order (recipes first, user last); null layers are skipped.</param>
    /// <param name="what">How to name the options in messages, e.g. <c>run 'a': sampler 'sgld' options</c>.</param>
    public static object Bind(Type optionsType, string what, params IConfiguration?[] layers) =>
        Bind(optionsType, what, checkInputFiles: true, layers);

    /// <param name="checkInputFiles">False for commands that do not read the files the options name (solve).</param>
    public static object Bind(Type optionsType, string what, bool checkInputFiles, params IConfiguration?[] layers)
    {
        var options = Activator.CreateInstance(optionsType)
            ?? throw new InvalidInputException($"{what}: cannot create {optionsType.Name}.");
        var errors = new List<string>();
        foreach (var layer in layers)
        {
            if (layer is null) continue;
            foreach (var child in layer.GetChildren())
            {
                var property = optionsType.GetProperty(child.Key,
                    System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
                if (property is null || !property.CanWrite)
                {
                    var known = string.Join(", ", optionsType.GetProperties().Where(p => p.CanWrite).Select(p => p.Name));
                    errors.Add($"unknown option '{child.Key}' (known: {known})");
                    continue;
                }
                try
                {
                    var value = child.Get(property.PropertyType, o => o.ErrorOnUnknownConfiguration = true);
                    if (value is null && child.Value is null && !child.GetChildren().Any())
                    {
                        continue;
                    }
                    property.SetValue(options, value);
                }
                catch (Exception e)
                {
                    errors.Add($"option '{child.Key}' = '{child.Value}' is not a valid {Describe(property.PropertyType)}" +
                               (e.InnerException is { } inner ? $" ({inner.Message})" : ""));
                }
            }
        }
        errors.AddRange(Validate(options, checkInputFiles));
        if (errors.Count > 0)
        {
            throw new InvalidInputException($"Invalid {what}:\n  - " + string.Join("\n  - ", errors));
        }
        return options;
    }

    /// <param name="checkInputFiles">False where the options only describe how a model was trained (predict): the
    /// files they name need not exist any more.</param>
    public static IEnumerable<string> Validate(object options, bool checkInputFiles = true)
    {
        var results = new List<ValidationResult>();
        var items = new Dictionary<object, object?> { [InputFile.CheckKey] = checkInputFiles };
        Validator.TryValidateObject(options, new ValidationContext(options, items), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "invalid value").Distinct();
    }

    public static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return Describe(underlying) + "?";
        if (type.IsEnum) return string.Join("|", Enum.GetNames(type));
        if (type.IsArray) return Describe(type.GetElementType()!) + "[]";
        return type.Name switch
        {
            "Int32" => "int",
            "Int64" => "long",
            "Double" => "double",
            "Single" => "float",
            "Boolean" => "bool",
            "String" => "string",
            _ => type.IsGenericType && type.GetGenericArguments() is [var element]
                ? Describe(element) + "[]"
                : type.Name,
        };
    }
}
