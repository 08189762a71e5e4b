using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;
using SparsePlugins.Abstractions;
using Xunit;
using static TorchSharp.torch;

namespace SparsePlugins.Testing;

/// <summary>
/// What every conformance class shares: the plugin under test (a factory, as the host sees it), its options (validated
/// as the host validates them: data annotations and <see cref="IValidatableObject"/>), and products created with a
/// seed. Derive from <see cref="SamplerConformance{TPlugin}"/>, <see cref="PriorConformance{TPlugin}"/>,
/// <see cref="ProblemConformance{TPlugin}"/> or <see cref="NetworkConformance{TPlugin}"/>, not from this class.
/// </summary>
public abstract partial class PluginConformance<TProduct>
{
    /// <summary>The plugin's factory: <c>new MyPlugin()</c>, or one the host discovered.</summary>
    protected abstract IPluginFactory<TProduct> Factory { get; }

    /// <summary>The kind this conformance class checks.</summary>
    protected abstract PluginKind Kind { get; }

    /// <summary>The plugin's <see cref="PluginAttribute"/>.</summary>
    protected PluginAttribute Attribute => Factory.GetType().GetCustomAttribute<PluginAttribute>()
        ?? throw new InvalidOperationException($"{Factory.GetType().FullName} has no [Plugin] attribute: the host would not discover it.");

    /// <summary>Options the tests use unless a test names its own: a fresh instance of the attribute's options type.</summary>
    protected virtual object CreateOptions() => Activator.CreateInstance(Attribute.OptionsType)
        ?? throw new InvalidOperationException($"{Attribute.OptionsType.Name} has no parameterless constructor.");

    /// <summary>Folder for caches (datasets) shared by this class's tests; the host passes its CacheDirectory.</summary>
    protected virtual string CacheDirectory => Path.Combine(Path.GetTempPath(), "sparseplugins-conformance", Attribute.Name);

    /// <summary>The context the host would pass (seed, cache, CPU device).</summary>
    protected virtual PluginContext CreateContext(long seed, ProblemShape? shape = null) =>
        new() { Seed = seed, Shape = shape, CacheDirectory = CacheDirectory };

    /// <summary>Validates <paramref name="options"/> as the host does, then asks the factory for a product.</summary>
    protected TProduct Create(object options, long seed = 1, ProblemShape? shape = null)
    {
        var errors = Validate(options);
        Assert.True(errors.Count == 0, $"the options given to the test are invalid: {string.Join("; ", errors)}");
        return Factory.Create(options, CreateContext(seed, shape));
    }

    /// <summary>The host's validation: every data annotation of every property, then <see cref="IValidatableObject"/>.</summary>
    public static IReadOnlyList<string> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "invalid value").Distinct().ToList();
    }

    [Fact]
    public void Plugin_attribute_names_the_kind_a_kebab_case_name_and_constructible_options()
    {
        var attribute = Attribute;
        Assert.Equal(Kind, attribute.Kind);
        Assert.True(KebabCase().IsMatch(attribute.Name), $"'{attribute.Name}' is not kebab-case (lower-case words joined by '-')");
        Assert.False(string.IsNullOrWhiteSpace(attribute.Description), "the description is what `plugins` shows: give one");
        Assert.True(Version.TryParse(attribute.Version.Split('-', '+')[0], out _), $"version '{attribute.Version}' is not semantic");
        Assert.True(attribute.OptionsType.GetConstructor(Type.EmptyTypes) is not null,
            $"{attribute.OptionsType.Name} needs a public parameterless constructor: the host creates it before binding");
        Assert.True(PluginAttribute.ContractOf(Kind).IsInstanceOfType(Factory),
            $"{Factory.GetType().Name} does not implement {PluginAttribute.ContractOf(Kind).Name}");
    }

    /// <summary>Every element finite.</summary>
    protected static bool AllFinite(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.numel() == 0 || t.detach().isfinite().all().item<bool>();
    }

    /// <summary>A one-element tensor of any floating type as a double.</summary>
    protected static double Number(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().to(ScalarType.Float64).item<double>();
    }

    /// <summary>Same shape, dtype and values, bit for bit.</summary>
    protected static bool Identical(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.detach().eq(b.detach()).all().item<bool>();
    }

    /// <summary>Shape as text, for messages.</summary>
    protected static string Text(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
