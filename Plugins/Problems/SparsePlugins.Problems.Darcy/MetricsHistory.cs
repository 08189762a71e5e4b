using System.Globalization;

namespace SparsePlugins.Problems.Darcy;

/// <summary>Reads a run's <c>metrics.csv</c> back: column -> values per epoch of the first chain (empty cells are NaN).</summary>
public static class MetricsHistory
{
    public static IReadOnlyDictionary<string, IReadOnlyList<double>> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var columns = header.ToDictionary(h => h, _ => new List<double>());
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            if (cells[0] != "0") continue;
            for (int c = 0; c < header.Length && c < cells.Length; c++)
            {
                columns[header[c]].Add(double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN);
            }
        }
        return columns.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value);
    }
}
