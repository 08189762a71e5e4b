using System.Globalization;

namespace SparsePlugins.Problems.Regression;

/// <summary>One chain's per-epoch metrics (column -> values, as <see cref="SparsePlugins.Abstractions.RunResult.History"/>).</summary>
/// <param name="Chain">The chain's index; null when the run's chains are unknown (its metrics.csv could not be read).</param>
/// <param name="Kept">False for a chain that Training:ChainSelection left out of the posterior.</param>
public sealed record ChainHistory(int? Chain, IReadOnlyDictionary<string, IReadOnlyList<double>> Columns, bool Kept = true)
{
    public const string MetricsFile = "metrics.csv";

    /// <summary>
    /// Every chain of a run from its metrics.csv (one row per chain and epoch, the chain first). RunResult.History
    /// holds the first kept chain only, so a multi-chain run drawn from it shows one line that speaks for no chain
    /// in particular. Falls back to that history when the file cannot be read.
    /// </summary>
    public static IReadOnlyList<ChainHistory> Read(string runDirectory, IReadOnlyDictionary<string, IReadOnlyList<double>> fallback)
    {
        var chains = ReadMetrics(Path.Combine(runDirectory, MetricsFile));
        if (chains is null || chains.Count == 0) return [new ChainHistory(null, fallback)];
        var kept = RunSummaryFile.KeptChains(runDirectory);
        return chains.Select(c => new ChainHistory(c.Key, c.Value, kept?.Contains(c.Key) ?? true)).ToList();
    }

    private static SortedDictionary<int, Dictionary<string, IReadOnlyList<double>>>? ReadMetrics(string path)
    {
        string[] lines;
        try
        {
            if (!File.Exists(path)) return null;
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var header = lines.FirstOrDefault()?.Split(',') ?? [];
        if (header.Length < 2 || header[0] != "chain") return null;
        var columns = new SortedDictionary<int, Dictionary<string, List<double>>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            // A malformed row means the file is not what this reader knows; the fallback is safer than half a chain.
            if (!AddRow(columns, header, line.Split(','))) return null;
        }
        var result = new SortedDictionary<int, Dictionary<string, IReadOnlyList<double>>>();
        foreach (var (chain, history) in columns) result[chain] = history.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value);
        return result;
    }

    private static bool AddRow(SortedDictionary<int, Dictionary<string, List<double>>> chains, string[] header, string[] cells)
    {
        if (cells.Length != header.Length || !int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int chain))
        {
            return false;
        }
        if (!chains.TryGetValue(chain, out var history)) chains[chain] = history = [];
        for (int k = 1; k < cells.Length; k++)
        {
            // Model-average cells stay empty until burn-in ends; MetricHistory aligns the shorter column at the end.
            if (cells[k].Length == 0) continue;
            if (!double.TryParse(cells[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return false;
            if (!history.TryGetValue(header[k], out var values)) history[header[k]] = values = [];
            values.Add(value);
        }
        return true;
    }
}
