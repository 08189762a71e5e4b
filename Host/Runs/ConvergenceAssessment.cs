using SparsePlugins.Abstractions;
using SparsePlugins.Host.Training;

namespace SparsePlugins.Host.Runs;

/// <summary>
/// A run's convergence diagnostics over the chains in its posterior and, when Training:ChainSelection left chains out,
/// over all of them; with the warnings they raise and the problem's own.
/// </summary>
public sealed record ConvergenceAssessment(
    IReadOnlyList<QuantityDiagnostics> Kept,
    IReadOnlyList<QuantityDiagnostics>? AllChains,
    IReadOnlyList<ConvergenceWarning> Warnings)
{
    /// <param name="chains">Every chain of the run.</param>
    /// <param name="kept">The chains in the posterior; null for all.</param>
    /// <param name="problemWarnings">What the problem's report found.</param>
    public static ConvergenceAssessment Of(IReadOnlyList<ChainResult> chains, IReadOnlyList<int>? kept,
        IEnumerable<ConvergenceWarning> problemWarnings)
    {
        var keptChains = kept is null ? chains : kept.Select(i => chains[i]).ToList();
        var keptDiagnostics = TrackedQuantities.Diagnose(keptChains);
        var allDiagnostics = keptChains.Count < chains.Count ? TrackedQuantities.Diagnose(chains) : null;
        var warnings = ConvergenceChecker.Check(keptChains, chains.Count, keptDiagnostics, allDiagnostics);
        warnings.AddRange(problemWarnings);
        // Strong first: the reader should meet the reason not to use the numbers before the reasons for care.
        return new ConvergenceAssessment(keptDiagnostics, allDiagnostics,
            warnings.OrderByDescending(w => w.Severity).ToList());
    }
}
