namespace SparsePlugins.Problems.Regression;

/// <summary>
/// Per-epoch series from <see cref="SparsePlugins.Abstractions.RunResult.History"/>. A series that starts late
/// (the model average exists only after burn-in) is shorter than the epoch column; its values belong to the last
/// epochs, so it is aligned at the end.
/// </summary>
public static class MetricHistory
{
    public static (double[] Epochs, double[] Values)? Series(IReadOnlyDictionary<string, IReadOnlyList<double>> history, string key)
    {
        if (!history.TryGetValue(key, out var values) || values.Count == 0) return null;
        var epochs = history.TryGetValue("epoch", out var e) && e.Count >= values.Count
            ? e.Skip(e.Count - values.Count).ToArray()
            : Enumerable.Range(1, values.Count).Select(i => (double)i).ToArray();
        return (epochs, values.ToArray());
    }
}
