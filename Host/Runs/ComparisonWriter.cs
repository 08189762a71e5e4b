using SparsePlugins.Abstractions;
using System.Globalization;
using System.Text;

namespace SparsePlugins.Host.Runs;

/// <summary>Writes <c>comparison.md</c> and <c>comparison.csv</c>: one row per run, shared metrics first.</summary>
public static class ComparisonWriter
{
    public static string Write(string outputRoot, IReadOnlyList<RunOutcome> outcomes)
    {
        var metricColumns = outcomes.SelectMany(o => o.FinalMetrics.Keys)
            .Where(k => k.StartsWith("bma_test_", StringComparison.Ordinal) || k.StartsWith("test_", StringComparison.Ordinal))
            .Distinct().OrderBy(k => k.StartsWith("bma_", StringComparison.Ordinal) ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal).ToList();
        var problemColumns = outcomes.SelectMany(o => o.ProblemColumns.Keys).Distinct().ToList();
        var header = new List<string> { "run", "method", "problem", "status" };
        header.AddRange(metricColumns);
        header.AddRange(problemColumns);
        header.Add("warnings");
        header.Add("wall_seconds");

        var rows = outcomes.Select(o =>
        {
            var row = new List<string> { o.Name, o.Method, o.Problem, o.Status.ToString().ToLowerInvariant() };
            row.AddRange(metricColumns.Select(c => o.FinalMetrics.TryGetValue(c, out var v) ? Format(v) : ""));
            row.AddRange(problemColumns.Select(c => o.ProblemColumns.TryGetValue(c, out var v) ? v : ""));
            row.Add(WarningCount(o.Warnings));
            row.Add(o.WallSeconds.ToString("F1", CultureInfo.InvariantCulture));
            return row;
        }).ToList();

        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", header.Select(Quote)));
        foreach (var row in rows) csv.AppendLine(string.Join(",", row.Select(Quote)));
        AtomicFile.WriteAllText(Path.Combine(outputRoot, "comparison.csv"), csv.ToString());

        var md = new StringBuilder();
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows) md.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|"))) + " |");
        var failures = outcomes.Where(o => o.Error is not null).ToList();
        if (failures.Count > 0)
        {
            md.AppendLine();
            foreach (var f in failures) md.AppendLine($"- {f.Name}: {f.Error}");
        }
        AppendWarnings(md, outcomes);
        var table = md.ToString();
        AtomicFile.WriteAllText(Path.Combine(outputRoot, "comparison.md"), table);
        return table;
    }

    /// <summary>
    /// Appends a problem's own comparison tables (markdown files its <c>IComparisonReporter</c> wrote, such as the
    /// paper's Table 1) to <c>comparison.md</c>; returns the whole file.
    /// </summary>
    public static string Append(string outputRoot, IEnumerable<string> markdownFiles)
    {
        var path = Path.Combine(outputRoot, "comparison.md");
        var text = new StringBuilder(File.ReadAllText(path));
        foreach (var file in markdownFiles)
        {
            text.AppendLine().AppendLine($"## {Path.GetFileNameWithoutExtension(file)}").AppendLine().Append(File.ReadAllText(file));
        }
        AtomicFile.WriteAllText(path, text.ToString());
        return text.ToString();
    }

    /// <summary>Every run's warnings under the table, each with its fix, so the table is not read without them.</summary>
    private static void AppendWarnings(StringBuilder md, IReadOnlyList<RunOutcome> outcomes)
    {
        if (!outcomes.Any(o => o.Warnings.Count > 0)) return;
        md.AppendLine().AppendLine("## Warnings").AppendLine();
        md.AppendLine("Convergence and trust warnings (docs/diagnostics.md): **strong** means do not use the run's numbers as " +
            "they are; warning means read them with care.").AppendLine();
        foreach (var o in outcomes)
        {
            foreach (var w in o.Warnings)
            {
                var severity = w.Severity == WarningSeverity.Strong ? "**strong**" : "warning";
                md.AppendLine($"- {o.Name}, {severity}, {w.Quantity}: {w.Message} Fix: {w.Fix}");
            }
        }
    }

    private static string WarningCount(IReadOnlyList<ConvergenceWarning> warnings)
    {
        int strong = warnings.Count(w => w.Severity == WarningSeverity.Strong);
        int other = warnings.Count - strong;
        var parts = new List<string>();
        if (strong > 0) parts.Add($"{strong} strong");
        if (other > 0) parts.Add(other == 1 ? "1 warning" : $"{other} warnings");
        // No comma: a quoted cell would break readers that split comparison.csv on commas.
        return parts.Count == 0 ? "none" : string.Join(" + ", parts);
    }

    private static string Format(double v) => Math.Abs(v) >= 1e4 || (Math.Abs(v) < 1e-3 && v != 0)
        ? v.ToString("0.###e+0", CultureInfo.InvariantCulture)
        : v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

}
