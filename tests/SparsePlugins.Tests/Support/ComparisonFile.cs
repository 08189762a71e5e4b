namespace SparsePlugins.Tests.Support;

/// <summary>Reads an Output folder's comparison.csv for comparisons between executions.</summary>
public static class ComparisonFile
{
    /// <summary>
    /// The rows without the wall-time column, the one thing two executions may not share; sorted, since rows come in
    /// the order the runs started, which concurrent processes do not keep.
    /// </summary>
    public static List<string> Numbers(string output)
    {
        var lines = File.ReadAllLines(Path.Combine(output, "comparison.csv"));
        var wall = Array.IndexOf(lines[0].Split(','), "wall_seconds");
        if (wall < 0) throw new InvalidDataException("comparison.csv has no wall_seconds column");
        return lines.Select(l => string.Join(',', l.Split(',').Where((_, k) => k != wall))).Order(StringComparer.Ordinal).ToList();
    }
}
