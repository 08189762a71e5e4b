using SparsePlugins.Abstractions;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using SparsePlugins.Host.Options;

namespace SparsePlugins.Tests.Host;

public sealed class OptionsBinderTests
{
    public enum Mode
    {
        Fast,
        Exact,
    }

    public sealed class SampleOptions : IValidatableObject
    {
        [Range(0.0, 1.0)]
        public double Rate { get; set; } = 0.5;

        public int Count { get; set; } = 3;

        public Mode Mode { get; set; } = Mode.Fast;

        public string[] Layers { get; set; } = ["*.weight"];

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (Count > 10 && Mode == Mode.Exact) yield return new ValidationResult("Exact mode allows at most 10.");
        }
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) => new ConfigurationBuilder()
        .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Unset_options_keep_their_defaults_and_set_ones_are_converted()
    {
        var options = (SampleOptions)OptionsBinder.Bind(typeof(SampleOptions), "test", Config(("Rate", "0.25"), ("Mode", "exact"), ("Layers:0", "fc1.weight")));

        Assert.Equal(0.25, options.Rate);
        Assert.Equal(3, options.Count);
        Assert.Equal(Mode.Exact, options.Mode);
        Assert.Equal(["fc1.weight"], options.Layers);
    }

    [Fact]
    public void Later_layers_override_earlier_ones()
    {
        var options = (SampleOptions)OptionsBinder.Bind(typeof(SampleOptions), "test", Config(("Count", "4")), null, Config(("Count", "5")));

        Assert.Equal(5, options.Count);
    }

    [Fact]
    public void Every_violation_is_listed_in_one_message()
    {
        var error = Assert.Throws<InvalidInputException>(() => OptionsBinder.Bind(typeof(SampleOptions), "sample options",
            Config(("Rate", "2"), ("Count", "many"), ("Colour", "red"))));

        Assert.Contains("Invalid sample options", error.Message, StringComparison.Ordinal);
        Assert.Contains("Rate", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Count' = 'many' is not a valid int", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown option 'Colour'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_field_rules_run()
    {
        var error = Assert.Throws<InvalidInputException>(() =>
            OptionsBinder.Bind(typeof(SampleOptions), "x", Config(("Count", "11"), ("Mode", "Exact"))));

        Assert.Contains("Exact mode allows at most 10.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptions_show_type_default_and_range()
    {
        var rate = OptionDescription.Of(typeof(SampleOptions)).Single(o => o.Name == "Rate");

        Assert.Equal("double", rate.Type);
        Assert.Equal("0.5", rate.Default);
        Assert.Equal("[0, 1]", rate.Constraint);
    }
}
