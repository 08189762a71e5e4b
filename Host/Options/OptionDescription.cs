using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace SparsePlugins.Host.Options;

/// <summary>One option of a plugin as <c>plugins</c> shows it.</summary>
public sealed record OptionDescription(string Name, string Type, string Default, string Description, string? Constraint)
{
    public static IReadOnlyList<OptionDescription> Of(Type optionsType)
    {
        var defaults = Activator.CreateInstance(optionsType);
        return optionsType.GetProperties()
            .Where(p => p.CanWrite && p.CanRead)
            .Select(p =>
            {
                var description = p.GetCustomAttributes(typeof(DescriptionAttribute), true)
                    .OfType<DescriptionAttribute>().FirstOrDefault()?.Description ?? "";
                var range = p.GetCustomAttributes(typeof(RangeAttribute), true).OfType<RangeAttribute>().FirstOrDefault();
                var value = defaults is null ? null : p.GetValue(defaults);
                return new OptionDescription(p.Name, OptionsBinder.Describe(p.PropertyType), Format(value), description,
                    range is null ? null : $"[{range.Minimum}, {range.Maximum}]");
            })
            .ToList();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        Enum e => e.ToString(),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => JsonSerializer.Serialize(list),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
