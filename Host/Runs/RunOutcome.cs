using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Runs;

public enum RunStatus
{
    Completed,
    Diverged,
    Failed,
    InvalidInput,
    Running,
    Interrupted,
}

/// <summary>One run's result as the comparison table needs it.</summary>
public sealed record RunOutcome(
    string Name,
    string Method,
    RunStatus Status,
    string? Error,
    double WallSeconds,
    IReadOnlyDictionary<string, double> FinalMetrics,
    IReadOnlyDictionary<string, string> ProblemColumns,
    string Problem)
{
    /// <summary>The run's convergence and trust warnings (summary.json's <c>warnings</c>), strong ones first.</summary>
    public IReadOnlyList<ConvergenceWarning> Warnings { get; init; } = [];
}
