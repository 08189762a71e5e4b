using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// The Darcy surrogate problem on KLE permeability (paper Section 6.2, Table 1), plus the <c>generate</c>,
/// <c>solve</c> and <c>predict</c> commands (<see cref="DarcyProblemPlugin{TOptions}"/>).
/// </summary>
[Plugin(PluginKind.Problem, "kle-darcy", "Darcy flow surrogate: KLE permeability -> RT0 velocity (paper Section 6.2)",
    OptionsType = typeof(KleDarcyOptions))]
public sealed class KleDarcyPlugin : DarcyProblemPlugin<KleDarcyOptions>, IPublishesRecipes
{
    public IReadOnlyList<Recipe> Recipes { get; } =
        PaperTableRecipes.For("table-1", "Paper Table 1 (KLE permeability)", burnIn: 20, thinning: 41, psgldWarmup: 200);

    protected override string Name => "kle-darcy";

    protected override PaperTable Table => PaperTable.Table1;

    protected override DarcyGeneratorOptions ToGenerator(KleDarcyOptions options, int? samples = null) => options.ToGenerator(samples);
}
