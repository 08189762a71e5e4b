using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// The settings of the paper's Darcy tables (Section 6.2 Table 1, Section 6.3 Table 2) for its four methods, as this
/// project runs them: a mini-batch of 32, a 10-minute budget per run so methods compare at equal cost, the SGLD and
/// pSGLD step sizes and temperature of docs/darcy-surrogate.md, and the deep-network spike-and-slab settings at 50% sparsity.
/// A sweep overrides the sparsity (TargetSparsity with BetaMean = 1 - TargetSparsity), the budget and the burn-in.
/// </summary>
public static class PaperTableRecipes
{
    /// <param name="table">Recipe name, e.g. <c>table-1</c>.</param>
    /// <param name="burnIn">Epochs before samples are kept (of 10 minutes' worth).</param>
    /// <param name="thinning">Iterations between kept samples, about 20 samples per run at the budget.</param>
    /// <param name="psgldWarmup">pSGLD's warm-up steps, 0 for none: both tables use 200, without which pSGLD's first steps can switch
    /// off every ReLU unit (dense KLE runs and channel fields sat at the training mean; docs/darcy-surrogate.md).</param>
    public static IReadOnlyList<Recipe> For(string table, string description, int burnIn, int thinning, int psgldWarmup) =>
    [
        Recipe(table, description, "SGLD", Training(burnIn, thinning), Sgld),
        Recipe(table, description, "PSGLD", Training(burnIn, thinning), Psgld(psgldWarmup)),
        Recipe(table, description, "SGLD-SA", Training(burnIn, thinning), Sgld, Prior),
        Recipe(table, description, "PSGLD-SA", Training(burnIn, thinning), Psgld(psgldWarmup), Prior),
    ];

    private static Recipe Recipe(string table, string description, string method, params IReadOnlyDictionary<string, string>[] parts) =>
        new(table, method, $"{description} with {method}", parts.SelectMany(p => p).ToDictionary(p => p.Key, p => p.Value));

    private static Dictionary<string, string> Training(int burnIn, int thinning) => new()
    {
        ["Training:Epochs"] = "100000", ["Training:BatchSize"] = "32", ["Training:BurnIn"] = Text(burnIn),
        ["Training:Thinning"] = Text(thinning), ["Training:MaxMinutes"] = "10", ["Training:KeepSamples"] = "20",
        ["Training:LogEverySeconds"] = "60",
    };

    // tau = 1e6: at tau = 1 pSGLD diverged in the first epoch; 3e-7 is the largest SGLD step that did not (docs/darcy-surrogate.md).
    private static readonly Dictionary<string, string> Sgld = new()
    {
        ["Sampler:Options:StepSize"] = "3e-07", ["Sampler:Options:Temperature"] = "1000000",
    };

    private static Dictionary<string, string> Psgld(int warmup)
    {
        var psgld = new Dictionary<string, string>
        {
            ["Sampler:Options:StepSize"] = "0.0316", ["Sampler:Options:StepOffset"] = "1000",
            ["Sampler:Options:StepDecay"] = "0.5", ["Sampler:Options:Temperature"] = "1000000",
        };
        if (warmup > 0) psgld["Sampler:Options:WarmupSteps"] = Text(warmup);
        return psgld;
    }

    private static readonly Dictionary<string, string> Prior = new()
    {
        ["Prior:Options:TargetSparsity"] = "0.5", ["Prior:Options:BetaMean"] = "0.5", ["Prior:Options:RampInterval"] = "0.5",
        ["Prior:Options:PruneEvery"] = "10", ["Prior:Options:AdaptSigma"] = "false", ["Prior:Options:InitialSigma"] = "1",
        ["Prior:Options:SpikeScale"] = "0.002", ["Prior:Options:SlabVariance"] = "0.0025",
    };

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
