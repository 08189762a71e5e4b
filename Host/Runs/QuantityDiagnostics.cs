using SparsePlugins.Host.Training;

namespace SparsePlugins.Host.Runs;

/// <summary>
/// Rank-normalised split R-hat and bulk ESS of one scalar tracked at every collected sample, over a set of chains.
/// NaN when it cannot be computed (too few samples, or a constant such as a pruned weight).
/// </summary>
/// <param name="Group">What kind of quantity: <c>testLoss</c>, <c>logJoint</c> or <c>weights</c>; warnings are per group.</param>
/// <param name="Name">The quantity itself, e.g. <c>weight[0]</c>.</param>
public sealed record QuantityDiagnostics(string Group, string Name, double RHat, double BulkEss)
{
    public static QuantityDiagnostics Of(string group, string name, IReadOnlyList<IReadOnlyList<double>> chains) =>
        new(group, name, ConvergenceDiagnostics.RHat(chains), ConvergenceDiagnostics.BulkEffectiveSampleSize(chains));
}
