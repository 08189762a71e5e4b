using System.Globalization;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Training;

namespace SparsePlugins.Host.Runs;

/// <summary>
/// Turns a run's convergence diagnostics into warnings, each with the fix (Stan's R-hat and ESS warnings, Vehtari et
/// al. 2021): R-hat and bulk ESS of every tracked quantity over the kept chains, the number of samples, and R-hat over
/// every chain when Training:ChainSelection left some out. Generic: nothing here knows a problem or plugin.
/// </summary>
public static class ConvergenceChecker
{
    public static List<ConvergenceWarning> Check(IReadOnlyList<ChainResult> keptChains, int allChains,
        IReadOnlyList<QuantityDiagnostics> kept, IReadOnlyList<QuantityDiagnostics>? all)
    {
        var warnings = new List<ConvergenceWarning>();
        if (SampleWarning(keptChains) is { } samples) warnings.Add(samples);
        foreach (var group in kept.GroupBy(d => d.Group))
        {
            if (RHatWarning(group.ToList(), keptChains.Count) is { } rhat) warnings.Add(rhat);
            if (EssWarning(group.ToList()) is { } ess) warnings.Add(ess);
        }
        if (all is not null && keptChains.Count < allChains)
        {
            foreach (var group in all.GroupBy(d => d.Group))
            {
                var keptWorst = Worst(kept.Where(d => d.Group == group.Key).ToList());
                if (LeftOutWarning(group.ToList(), keptWorst, keptChains.Count, allChains) is { } leftOut) warnings.Add(leftOut);
            }
        }
        return warnings;
    }

    /// <summary>Too few samples to diagnose (strong) or to reach the ESS the R-hat threshold assumes (warning).</summary>
    private static ConvergenceWarning? SampleWarning(IReadOnlyList<ChainResult> chains)
    {
        if (chains.Count == 0) return null;
        int fewest = chains.Min(c => c.TestLossTrace.Count);
        int total = chains.Sum(c => c.TestLossTrace.Count);
        string budget = chains.Any(c => c.StoppedAtBudget) ? " Training:MaxMinutes stopped the chains early: raise it." : "";
        const string fix = "Raise Training:Epochs well above Training:BurnIn (samples per chain = iterations after burn-in / " +
            "Training:Thinning) or lower Training:Thinning.";
        if (fewest < WarningThresholds.MinimumSamplesPerChain)
        {
            return new ConvergenceWarning(WarningSeverity.Strong, "samples",
                $"a kept chain collected {fewest} sample(s): R-hat and ESS need at least {WarningThresholds.MinimumSamplesPerChain} " +
                "per chain, so nothing says whether this posterior is one.", fix + budget);
        }
        if (total < WarningThresholds.Samples)
        {
            return new ConvergenceWarning(WarningSeverity.Warning, "samples",
                $"{total} samples kept over {chains.Count} chain(s), below {WarningThresholds.Samples}: too few for a bulk ESS " +
                $"of {WarningThresholds.BulkEss} per four chains, and R-hat itself is noisy.", fix + budget);
        }
        return null;
    }

    private static ConvergenceWarning? RHatWarning(IReadOnlyList<QuantityDiagnostics> group, int chains)
    {
        var worst = Worst(group);
        if (worst is null || worst.RHat <= WarningThresholds.RHat) return null;
        bool strong = worst.RHat > WarningThresholds.StrongRHat;
        double threshold = strong ? WarningThresholds.StrongRHat : WarningThresholds.RHat;
        string fix = chains == 1
            ? "The chain's two halves disagree: it is still moving. Raise Training:Epochs and Training:BurnIn, and run " +
              "several chains (Training:Chains: 4) so that chains stuck in different places show."
            : "The chains have not reached one distribution. Raise Training:Epochs and Training:BurnIn; if chains stay in " +
              "different modes, Training:ChainSelection: LogJoint keeps the best one, and a preconditioned sampler (psgld) " +
              "mixes faster along badly scaled directions.";
        return new ConvergenceWarning(strong ? WarningSeverity.Strong : WarningSeverity.Warning, worst.Group,
            $"rank-normalised split R-hat {Format(worst.RHat)} ({worst.Name}) over {chains} chain(s), above {Format(threshold)}" +
            Count(group.Where(d => !double.IsNaN(d.RHat)).ToList(), d => d.RHat > threshold, $"above {Format(threshold)}") + ".", fix);
    }

    private static ConvergenceWarning? EssWarning(IReadOnlyList<QuantityDiagnostics> group)
    {
        var lowest = group.Where(d => double.IsFinite(d.BulkEss)).MinBy(d => d.BulkEss);
        if (lowest is null || lowest.BulkEss >= WarningThresholds.BulkEss) return null;
        return new ConvergenceWarning(WarningSeverity.Warning, lowest.Group,
            $"bulk ESS {lowest.BulkEss.ToString("F0", CultureInfo.InvariantCulture)} ({lowest.Name}), below " +
            $"{WarningThresholds.BulkEss}" + Count(group.Where(d => double.IsFinite(d.BulkEss)).ToList(), d => d.BulkEss < WarningThresholds.BulkEss, "below") +
            ": posterior means and intervals carry Monte Carlo error of the order of their sd over sqrt(ESS).",
            "Raise Training:Epochs (ESS grows with the samples; Training:Thinning does not raise it), or use a sampler " +
            "that mixes faster (psgld; a larger StepSize while the run stays stable).");
    }

    /// <summary>R-hat over every chain when some were left out: large means the left-out chains sit in another mode.</summary>
    private static ConvergenceWarning? LeftOutWarning(IReadOnlyList<QuantityDiagnostics> group, QuantityDiagnostics? keptWorst,
        int keptChains, int allChains)
    {
        var worst = Worst(group);
        if (worst is null || worst.RHat <= WarningThresholds.StrongRHat) return null;
        string keptText = keptWorst is null ? "" : $" where the {keptChains} kept chain(s) give {Format(keptWorst.RHat)}";
        return new ConvergenceWarning(WarningSeverity.Warning, worst.Group + " (all chains)",
            $"R-hat over all {allChains} chains {Format(worst.RHat)} ({worst.Name}){keptText}: the chains Training:ChainSelection " +
            "left out are in another mode, and the posterior reported is the kept chains' mode alone.",
            "Compare meanLogJoint in summary.json: a left-out mode only a few nats below the best may hold real posterior " +
            "mass. Raise Training:Chains to see how often each mode appears, or set Training:ChainSelection: All to pool them.");
    }

    /// <summary>The quantity with the largest R-hat (infinite included, NaN skipped).</summary>
    private static QuantityDiagnostics? Worst(IReadOnlyList<QuantityDiagnostics> group) =>
        group.Where(d => !double.IsNaN(d.RHat)).MaxBy(d => d.RHat);

    /// <summary>"; k of n ..." over the quantities that could be diagnosed (a constant, e.g. a pruned weight, cannot).</summary>
    private static string Count(IReadOnlyList<QuantityDiagnostics> group, Func<QuantityDiagnostics, bool> predicate, string what) =>
        group.Count > 1 ? $"; {group.Count(predicate)} of {group.Count} {what}" : "";

    private static string Format(double rhat) => double.IsPositiveInfinity(rhat)
        ? "infinite (every half-chain constant, at different values)"
        : rhat.ToString("0.###", CultureInfo.InvariantCulture);
}
