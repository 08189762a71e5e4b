using SparsePlugins.Abstractions;
using SparsePlugins.Authoring;

namespace SparsePlugins.Samplers;

/// <summary>
/// The paper's four methods (Deng et al. 2019, Section 6) as recipes: each is a sampler composed with a prior, plus the
/// preconditioner weight that tells PSGLD from PSGLD-SA. The sampler plugins publish them, so the host knows no method.
/// The problem plugins add what each experiment needs on top (step sizes, epochs, the prior's scales).
/// </summary>
public static class PaperMethodRecipes
{
    // First: static initialisers run in textual order and the recipes below use it.
    private static IReadOnlyDictionary<string, string> NoSettings { get; } = new Dictionary<string, string>();

    public static Recipe Sgld { get; } = new("SGLD", "SGLD", "SGLD with a Gaussian prior (Welling & Teh 2011)", NoSettings)
    {
        Sampler = "sgld", Prior = "gaussian",
    };

    public static Recipe SgldSa { get; } = new("SGLD-SA", "SGLD-SA",
        "SGLD with the adaptive spike-and-slab group lasso prior (paper Algorithm 1 without the preconditioner)", NoSettings)
    {
        Sampler = "sgld", Prior = "ssgl",
    };

    // pSGLD of Li et al. keeps its RMSprop weight constant; the paper's PSGLD-SA lets it decay towards 1 (Algorithm 2).
    public static Recipe Psgld { get; } = new("PSGLD", "PSGLD", "pSGLD with a constant RMSprop weight and a Gaussian prior (Li et al. 2016)",
        Alpha(AlphaSchedule.Constant))
    {
        Sampler = "psgld", Prior = "gaussian",
    };

    public static Recipe PsgldSa { get; } = new("PSGLD-SA", "PSGLD-SA",
        "pSGLD with a decaying RMSprop weight and the adaptive spike-and-slab group lasso prior (paper Algorithm 2)",
        Alpha(AlphaSchedule.Decaying))
    {
        Sampler = "psgld", Prior = "ssgl",
    };

    private static Dictionary<string, string> Alpha(AlphaSchedule schedule) =>
        new() { [$"Sampler:Options:{nameof(PsgldOptions.AlphaSchedule)}"] = schedule.ToString() };
}
