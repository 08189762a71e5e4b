using Microsoft.Extensions.Configuration;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Samplers;
using SparsePlugins.Samplers.Numerics;

namespace SparsePlugins.Tests.Samplers;

/// <summary>The paper's four methods are sampler/prior compositions whose sampler options bind onto psgld.</summary>
public sealed class MethodPresetTests
{
    [Theory]
    [InlineData("SGLD", "sgld", "gaussian", null)]
    [InlineData("PSGLD", "psgld", "gaussian", AlphaSchedule.Constant)]
    [InlineData("SGLD-SA", "sgld", "ssgl", null)]
    [InlineData("PSGLD-SA", "psgld", "ssgl", AlphaSchedule.Decaying)]
    public void Presets_expand_to_the_right_sampler_and_prior(string method, string sampler, string prior, AlphaSchedule? schedule)
    {
        var preset = MethodPresets.Find(method);

        Assert.NotNull(preset);
        Assert.Equal(sampler, preset.Sampler);
        Assert.Equal(prior, preset.Prior);
        var type = sampler == "psgld" ? typeof(PsgldOptions) : typeof(SgldOptions);
        var options = OptionsBinder.Bind(type, method, MethodPresets.ToConfiguration(preset.SamplerOptions));
        if (schedule is { } expected) Assert.Equal(expected, ((PsgldOptions)options).AlphaSchedule);
    }

    [Fact]
    public void Psgld_options_accept_alpha_schedule_values_and_reject_others()
    {
        IConfiguration Config(string value) => MethodPresets.ToConfiguration(new Dictionary<string, string?> { ["AlphaSchedule"] = value });

        Assert.Equal(AlphaSchedule.Decaying, ((PsgldOptions)OptionsBinder.Bind(typeof(PsgldOptions), "t", Config("Decaying"))).AlphaSchedule);
        Assert.Equal(AlphaSchedule.Constant, ((PsgldOptions)OptionsBinder.Bind(typeof(PsgldOptions), "t", Config("constant"))).AlphaSchedule);
        var error = Assert.ThrowsAny<Exception>(() => OptionsBinder.Bind(typeof(PsgldOptions), "t", Config("Sometimes")));
        Assert.Contains("AlphaSchedule", error.Message, StringComparison.Ordinal);
    }
}
