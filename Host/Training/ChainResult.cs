namespace SparsePlugins.Host.Training;

/// <summary>What one chain leaves behind besides what it added to the shared accumulator.</summary>
/// <param name="History">Per-epoch metrics, column -> values.</param>
/// <param name="TestLossTrace">Test loss of every collected sample, for R-hat and ESS.</param>
/// <param name="FinalMetrics">Metrics of the last epoch.</param>
/// <param name="LogJointTrace">log p(y | theta) + log pi(theta, latents) at every collected sample (empty when the
/// prior reports no density, and for a single chain without Training:ChainSelection), for comparing chains.</param>
public sealed record ChainResult(
    int Chain,
    IReadOnlyDictionary<string, List<double>> History,
    IReadOnlyList<double> TestLossTrace,
    IReadOnlyDictionary<string, double> FinalMetrics,
    double WallSeconds,
    IReadOnlyList<double> LogJointTrace)
{
    /// <summary>Epochs the chain completed (fewer than Training:Epochs when the budget stopped it).</summary>
    public int EpochsReached { get; init; }

    /// <summary>True when Training:MaxMinutes ended the chain.</summary>
    public bool StoppedAtBudget { get; init; }

    /// <summary>The chain's collected samples of every weight, [sample][weight] with column names; null when the
    /// model is too large to keep them (Training:MaxStoredWeights). Per chain, for R-hat and ESS per weight.</summary>
    public (string[] Columns, double[][] Rows)? Samples { get; init; }
}
