using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// The Darcy surrogate on binary channelized permeability (paper Section 6.3, Table 2): patches of a training image or
/// procedural sinuous channels, with the <c>generate</c>, <c>solve</c> and <c>predict</c> commands of
/// <see cref="DarcyProblemPlugin{TOptions}"/>.
/// </summary>
[Plugin(PluginKind.Problem, "channelized-darcy",
    "Darcy flow surrogate: binary channelized permeability -> RT0 velocity (paper Section 6.3)",
    OptionsType = typeof(ChannelizedDarcyOptions))]
public sealed class ChannelizedDarcyPlugin : DarcyProblemPlugin<ChannelizedDarcyOptions>, IPublishesRecipes
{
    public IReadOnlyList<Recipe> Recipes { get; } =
        PaperTableRecipes.For("table-2", "Paper Table 2 (channelized permeability)", burnIn: 15, thinning: 66, psgldWarmup: 200);

    protected override string Name => "channelized-darcy";

    protected override PaperTable Table => PaperTable.Table2;

    protected override DarcyGeneratorOptions ToGenerator(ChannelizedDarcyOptions options, int? samples = null) =>
        options.ToGenerator(samples);
}
