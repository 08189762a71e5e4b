namespace SparsePlugins.Abstractions;

/// <summary>
/// Optional capability of any plugin factory: the recipes it publishes (see <see cref="Recipe"/>). The host finds it
/// with a type test, lists the recipes under <c>plugins</c> and applies them by a run's <c>Method</c>, so a third-party
/// plugin offers its own methods without any change to the host.
/// </summary>
public interface IPublishesRecipes
{
    IReadOnlyList<Recipe> Recipes { get; }
}
