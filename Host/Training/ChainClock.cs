using System.Diagnostics;

namespace SparsePlugins.Host.Training;

/// <summary>
/// A chain's wall clock against its share of <c>Training:MaxMinutes</c>. It starts from the seconds the chain ran
/// before (a resumed chain's budget counts the earlier processes).
/// </summary>
/// <param name="startSeconds">Seconds run before this process.</param>
/// <param name="budgetSeconds">The chain's budget; null = none.</param>
public sealed class ChainClock(double startSeconds, double? budgetSeconds)
{
    private readonly Stopwatch watch = Stopwatch.StartNew();

    public double Elapsed => startSeconds + watch.Elapsed.TotalSeconds;

    public bool OverBudget => budgetSeconds is { } budget && Elapsed >= budget;

    /// <summary>True once <paramref name="fraction"/> of the budget has passed; always true without a budget or with fraction 0.</summary>
    public bool Reached(double fraction) => fraction <= 0 || budgetSeconds is not { } budget || Elapsed >= fraction * budget;
}
