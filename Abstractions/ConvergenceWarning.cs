namespace SparsePlugins.Abstractions;

/// <summary>
/// One reason not to trust a run's posterior as it is, in the manner of Stan's warnings: the host raises them from its
/// convergence diagnostics, a problem from what it reports (<see cref="ProblemReport.Warnings"/>). They go to the log,
/// to <c>summary.json</c> (<c>warnings</c>) and to <c>comparison.md</c>.
/// </summary>
/// <param name="Severity">Warning or strong warning.</param>
/// <param name="Quantity">What was checked: <c>testLoss</c>, <c>weights</c>, <c>samples</c>, <c>selected</c>, ...</param>
/// <param name="Message">What was measured, with the numbers and the threshold.</param>
/// <param name="Fix">What to change in the configuration (or how to read the result).</param>
public sealed record ConvergenceWarning(WarningSeverity Severity, string Quantity, string Message, string Fix);
