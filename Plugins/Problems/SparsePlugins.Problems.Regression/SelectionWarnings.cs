using System.Globalization;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// The regression's own trust warnings, about what only it reports: chains that disagree on the selected set, and
/// inclusion probabilities that leave a coefficient's membership undecided. The host's R-hat cannot see either: a
/// stochastic-approximation chain settles its latents in one mode, so each chain can look converged on its own.
/// </summary>
public static class SelectionWarnings
{
    /// <summary>Below this the slab holds too little of a coefficient's mass to call it undecided.</summary>
    public const double AmbiguousLow = 0.1;

    /// <summary>Above this the coefficient is in the model with the usual 9-to-1 confidence.</summary>
    public const double AmbiguousHigh = 0.9;

    private const int Listed = 8;

    public static List<ConvergenceWarning> Check(CoefficientPosterior posterior, RunResult result)
    {
        var warnings = new List<ConvergenceWarning>();
        if (Disagreement(result) is { } disagreement) warnings.Add(disagreement);
        if (Ambiguous(posterior) is { } ambiguous) warnings.Add(ambiguous);
        return warnings;
    }

    /// <summary>The kept chains select different sets: their pooled inclusion counts chains per mode, not mass.</summary>
    private static ConvergenceWarning? Disagreement(RunResult result)
    {
        var sets = result.Chains.Select(c => (Chain: c, Selected: Selected(c))).Where(x => x.Selected is not null).ToList();
        var kept = sets.Where(x => x.Chain.Kept).ToList();
        if (kept.Select(x => SetText(x.Selected!)).Distinct().Count() <= 1) return null;
        var described = string.Join(", ", sets.Select(x =>
            $"chain {x.Chain.Chain} {SetText(x.Selected!)}{(x.Chain.Kept ? "" : " (left out)")}"));
        return new ConvergenceWarning(WarningSeverity.Strong, "selected",
            $"the chains in the posterior select different sets ({described}): with the paper's latents each chain " +
            "settled in its own mode, so the pooled inclusion probabilities say how the chains split, not how the posterior " +
            "weighs the sets (with MarginalLatents and Metropolis moves or replica exchange, chains that move between the modes " +
            "can also differ here when an inclusion probability is near 0.5).",
            "Raise Training:Chains to see how often each set appears and Training:Epochs so the latents can move; " +
            "Training:ChainSelection: LogJoint with a smaller Training:ChainSelectionTolerance keeps only the best mode. " +
            "For the posterior probability of each set, run the Metropolis moves with marginal latents " +
            "(configs/regression-moves.json: jumps, pair swaps, Gibbs moves), which move the chains between the modes, or compare with the " +
            "exact posterior (docs/regression.md).");
    }

    /// <summary>Coefficients whose inclusion probability leaves them neither in nor out.</summary>
    private static ConvergenceWarning? Ambiguous(CoefficientPosterior posterior)
    {
        if (posterior.Inclusion is not { } inclusion) return null;
        var undecided = Enumerable.Range(0, inclusion.Length)
            .Where(j => inclusion[j] > AmbiguousLow && inclusion[j] < AmbiguousHigh).ToList();
        if (undecided.Count == 0) return null;
        var listed = string.Join(", ", undecided.Take(Listed).Select(j => $"b{j + 1} {Value(inclusion[j], posterior.InclusionMcse?[j])}"));
        if (undecided.Count > Listed) listed += $" and {undecided.Count - Listed} more";
        return new ConvergenceWarning(WarningSeverity.Warning, "inclusion",
            $"inclusion probability between {AmbiguousLow} and {AmbiguousHigh} for {listed}: the run does not decide " +
            "whether these coefficients belong in the model. With the paper's stochastic-approximation latents an " +
            "intermediate value mostly reflects chains in different modes or a chain still moving; with the ssgl prior's " +
            "MarginalLatents and Metropolis moves (or replica exchange) it can be the posterior's own uncertainty, known to " +
            "within its Monte Carlo error (+-, from the chains' spread; summary.json inclusionMcse).",
            "Report these coefficients as undecided rather than selected or excluded; raise Training:Chains and " +
            "Training:Epochs, or run the Metropolis moves with marginal latents (configs/regression-moves.json), " +
            "whose inclusion probabilities weigh the modes; check against the exact posterior (docs/regression.md, " +
            "'an exact reference posterior').");
    }

    /// <summary>"0.47", or with a Monte Carlo error "0.47 +- 0.08".</summary>
    private static string Value(double inclusion, double? error) =>
        inclusion.ToString("0.00", CultureInfo.InvariantCulture)
        + (error is { } e ? " +- " + e.ToString("0.00", CultureInfo.InvariantCulture) : "");

    /// <summary>A chain's selected set by its own inclusion probabilities (above 0.5); null without them.</summary>
    private static int[]? Selected(ChainPosterior chain)
    {
        var name = chain.PosteriorMean.ContainsKey(CoefficientPosterior.WeightName)
            ? CoefficientPosterior.WeightName : chain.PosteriorMean.Keys.FirstOrDefault();
        if (name is null || chain.SampleCount == 0) return null;
        if (chain.WeightStatistics.GetValueOrDefault(CoefficientPosterior.InclusionStatistic)?.GetValueOrDefault(name) is not { } rho)
        {
            return null;
        }
        var values = TensorMath.ToDoubles(rho);
        return Enumerable.Range(0, values.Length).Where(j => values[j] > 0.5).Select(j => j + 1).ToArray();
    }

    private static string SetText(int[] selected) => selected.Length <= Listed
        ? "{" + string.Join(" ", selected) + "}"
        : "{" + string.Join(" ", selected.Take(Listed)) + $" ...}} ({selected.Length})";
}
