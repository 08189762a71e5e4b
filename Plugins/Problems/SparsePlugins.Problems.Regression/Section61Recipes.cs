using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// The settings of the paper's Section 6.1 experiment for each of its four methods, as published by this problem: a
/// run that names only a Method, this problem and the <c>linear</c> network gets them. Without them the defaults (100
/// epochs, a spike of 0.1, sigma adapting from the first step) select nothing on n = 100, p = 200 data. The sampler plugins'
/// method recipes name the sampler and prior; these add the numbers.
/// </summary>
public static class Section61Recipes
{
    public const string Name = "section-6.1";

    public static IReadOnlyList<Recipe> All { get; } =
    [
        Recipe("SGLD", Training(chains: 1), Sampler("0.01")),
        Recipe("PSGLD", Training(chains: 1), Sampler("0.05")),
        Recipe("SGLD-SA", Training(chains: 4), Sampler("0.01"), Prior(slabVariance: "10")),
        Recipe("PSGLD-SA", Training(chains: 4), Sampler("0.05"), Prior(slabVariance: "100"),
            // The preconditioner forgets the burn-in's large gradients before its weight freezes (docs/samplers-and-priors.md).
            new Dictionary<string, string> { ["Sampler:Options:AlphaDecayStart"] = "2000" }),
    ];

    private static Recipe Recipe(string method, params Dictionary<string, string>[] parts) =>
        new(Name, method, $"Paper Section 6.1 settings (n = 100, p = 200) for {method}",
            parts.SelectMany(p => p).ToDictionary(p => p.Key, p => p.Value));

    private static Dictionary<string, string> Training(int chains)
    {
        var training = new Dictionary<string, string>
        {
            ["Training:Epochs"] = "10000", ["Training:BatchSize"] = "0", ["Training:BurnIn"] = "2000",
            ["Training:Thinning"] = "10", ["Training:Chains"] = chains.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (chains > 1)
        {
            // A chain stuck with a true predictor in the spike is left out, as with restarts of EM.
            training["Training:ChainSelection"] = "LogJoint";
            training["Training:ChainSelectionTolerance"] = "10";
        }
        return training;
    }

    private static Dictionary<string, string> Sampler(string stepSize) => new()
    {
        ["Sampler:Options:StepSize"] = stepSize,
        ["Sampler:Options:StepDecay"] = "0.3333333333333333",
    };

    private static Dictionary<string, string> Prior(string slabVariance) => new()
    {
        ["Prior:Options:SpikeScale"] = "0.03", ["Prior:Options:SlabVariance"] = slabVariance,
        ["Prior:Options:InitialDelta"] = "0.5", ["Prior:Options:BetaA"] = "1", ["Prior:Options:BetaB"] = "200",
        ["Prior:Options:Nu"] = "1", ["Prior:Options:Lambda"] = "1", ["Prior:Options:OmegaScale"] = "1",
        ["Prior:Options:SigmaScalesPrior"] = "false",
        // At b = 0 the residual is y itself, and sigma^2 ~ var(y) would hold every weight in the spike.
        ["Prior:Options:InitialSigma"] = "1.5", ["Prior:Options:SigmaAdaptStart"] = "2000",
    };
}
