using SparsePlugins.Host.Training;

namespace SparsePlugins.Host.Runs;

/// <summary>
/// The scalars whose convergence a run reports, diagnosed over a set of chains: the test loss (the first test metric,
/// the one a problem puts first for this), the log joint density where chains are compared (Stan's lp__), and every
/// weight when the model is small enough for its samples to be kept.
/// </summary>
public static class TrackedQuantities
{
    public const string TestLoss = "testLoss";
    public const string LogJoint = "logJoint";
    public const string Weights = "weights";

    public static IReadOnlyList<QuantityDiagnostics> Diagnose(IReadOnlyList<ChainResult> chains)
    {
        var result = new List<QuantityDiagnostics>();
        AddTrace(result, TestLoss, chains.Select(c => c.TestLossTrace).ToList());
        AddTrace(result, LogJoint, chains.Select(c => c.LogJointTrace).ToList());
        if (chains.Count > 0 && chains.All(c => c.Samples is not null))
        {
            var columns = chains[0].Samples!.Value.Columns;
            for (int w = 0; w < columns.Length; w++)
            {
                int column = w;
                var perChain = chains.Select(c => (IReadOnlyList<double>)c.Samples!.Value.Rows.Select(r => r[column]).ToArray()).ToList();
                result.Add(QuantityDiagnostics.Of(Weights, columns[w], perChain));
            }
        }
        return result;
    }

    /// <summary>A trace counts only when every chain has one (the log joint is recorded only where chains are compared).</summary>
    private static void AddTrace(List<QuantityDiagnostics> result, string name, List<IReadOnlyList<double>> traces)
    {
        if (traces.Count > 0 && traces.All(t => t.Count > 0)) result.Add(QuantityDiagnostics.Of(name, name, traces));
    }
}
