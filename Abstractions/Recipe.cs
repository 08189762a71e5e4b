namespace SparsePlugins.Abstractions;

/// <summary>
/// Named settings a plugin publishes so that a run names them (<c>"Method": "PSGLD-SA"</c>) instead of copying them.
/// A sampler, prior or network plugin publishes <em>method</em> recipes: the recipe's <see cref="Method"/> is the value a
/// run writes in <c>Method</c>, and <see cref="Sampler"/> and <see cref="Prior"/> name the plugins it composes. A problem
/// plugin publishes <em>problem</em> recipes: the settings its experiments need with the method <see cref="Method"/>
/// (or with every method, <see cref="AnyMethod"/>), applied over the method recipe. The user's configuration and the
/// command line override both.
/// </summary>
/// <param name="Name">Shown by <c>plugins</c> and recorded as the source of each value in <c>config.json</c>.</param>
/// <param name="Method">The run's <c>Method</c> this recipe serves (case-insensitive).</param>
/// <param name="Description">One line shown by <c>plugins</c>: where the values come from (paper section, table).</param>
/// <param name="Settings">Values keyed as in a run's configuration: <c>Training:Epochs</c>, <c>Sampler:Options:StepSize</c>,
/// <c>Prior:Options:SpikeScale</c>. Numbers in invariant culture. A key outside these three sections is an error.</param>
public sealed record Recipe(string Name, string Method, string Description, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary><see cref="Method"/> of a problem recipe that applies whatever the method (under a method-specific one).</summary>
    public const string AnyMethod = "*";

    /// <summary>The key prefixes a recipe may set; names and problem or network options stay the user's.</summary>
    public static IReadOnlyList<string> SettingPrefixes { get; } = ["Training:", "Sampler:Options:", "Prior:Options:"];

    /// <summary>Sampler plugin the recipe runs with; a method recipe names it, a problem recipe usually leaves it to the method.</summary>
    public string? Sampler { get; init; }

    /// <summary>Prior plugin the recipe runs with, as for <see cref="Sampler"/>.</summary>
    public string? Prior { get; init; }
}
