using System.Globalization;
using System.Text;
using System.Text.Json;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// One of the paper's tables (<see cref="PaperTable"/>) from a set of runs: one row per sparse rate (and KLE size in
/// Table 1), the preconditioned method (PSGLD / PSGLD-SA) and the plain one (SGLD / SGLD-SA) side by side, each as e1/e2
/// (%) of the Bayesian model average beside the paper's numbers, with the run's epochs and minutes and the two
/// baselines of that data set. A run's group and sparse rate come from its config.json, its baselines from the
/// baselines.json the problem wrote beside it.
/// </summary>
public static class PaperTableReport
{
    /// <summary>One run as the table sees it.</summary>
    public sealed record Entry(string Run, bool Preconditioned, int Group, int Rate, double E1, double E2, int Epochs, double Minutes,
        double MeanE1, double LinearE1)
    {
        /// <summary>Minutes until the test e1 (model average once sampling started, current sample before) first fell below 2%.</summary>
        public double? MinutesToE1Below2 { get; init; }

        /// <summary>The same for 1%.</summary>
        public double? MinutesToE1Below1 { get; init; }
    }

    /// <summary>
    /// Writes FileStem.md and FileStem.csv into <paramref name="outputRoot"/> from every finished run of the table's
    /// problem under it (config.json, baselines.json and metrics.csv), not only this command's runs: a sweep run in
    /// parts, or with some runs repeated by `run --run NAME`, still gives one table. Returns the markdown.
    /// </summary>
    public static string Write(PaperTable table, string outputRoot)
    {
        var entries = Directory.EnumerateDirectories(outputRoot).Order(StringComparer.Ordinal)
            .Select(d => ToEntry(table, d)).OfType<Entry>().ToList();
        var markdown = Markdown(table, entries);
        // Shards of a sweep may rewrite the table at the same time: each writes its own temporary.
        AtomicFile.WriteAllText(Path.Combine(outputRoot, table.FileStem + ".md"), markdown);
        AtomicFile.WriteAllText(Path.Combine(outputRoot, table.FileStem + ".csv"), Csv(table, entries));
        return markdown;
    }

    public static string Markdown(PaperTable table, IReadOnlyList<Entry> entries)
    {
        var md = new StringBuilder();
        md.AppendLine(table.Title);
        md.AppendLine();
        var group = table.GroupColumn is { } column ? $" {column} |" : "";
        md.AppendLine($"| sparse rate |{group} PSGLD(-SA) | paper | epochs, min | SGLD(-SA) | paper | epochs, min | mean e1 | linear e1 |");
        md.AppendLine($"|---|{(table.GroupColumn is null ? "" : "---|")}---|---|---|---|---|---|---|---|");
        foreach (var row in entries.GroupBy(e => (e.Rate, e.Group)).OrderBy(g => g.Key.Rate).ThenBy(g => g.Key.Group))
        {
            var (rate, key) = row.Key;
            var pre = row.LastOrDefault(e => e.Preconditioned);
            var plain = row.LastOrDefault(e => !e.Preconditioned);
            var any = row.First();
            var cell = table.GroupColumn is null ? "" : $" {key} |";
            md.AppendLine($"| {(rate == 0 ? "dense" : rate + "%")} |{cell} {Errors(pre)} | {PaperCell(table, true, key, rate)} | {Cost(pre)} | " +
                          $"{Errors(plain)} | {PaperCell(table, false, key, rate)} | {Cost(plain)} | {F(any.MeanE1)} | {F(any.LinearE1)} |");
        }
        return md.ToString();
    }

    private static string Csv(PaperTable table, IReadOnlyList<Entry> entries)
    {
        var group = table.GroupCsvColumn is { } column ? column + "," : "";
        var csv = new StringBuilder($"run,method_kind,{group}sparse_rate_percent,e1,e2,paper_e1,paper_e2,epochs,minutes," +
                                    "minutes_to_e1_below_2,minutes_to_e1_below_1,baseline_mean_e1,baseline_linear_e1\n");
        foreach (var e in entries)
        {
            var paper = table.Paper.TryGetValue((e.Preconditioned, e.Group, e.Rate), out var p) ? $"{F(p.E1)},{F(p.E2)}" : ",";
            var cell = table.GroupColumn is null ? "" : $"{e.Group},";
            csv.AppendLine($"{e.Run},{(e.Preconditioned ? "preconditioned" : "plain")},{cell}{e.Rate},{F(e.E1)},{F(e.E2)},{paper}," +
                           $"{e.Epochs},{F(e.Minutes)},{Optional(e.MinutesToE1Below2)},{Optional(e.MinutesToE1Below1)},{F(e.MeanE1)},{F(e.LinearE1)}");
        }
        return csv.ToString();
    }

    /// <summary>Null when the folder is not a finished run of the table's problem (no config, baselines or model average).</summary>
    public static Entry? ToEntry(PaperTable table, string runDirectory)
    {
        var config = Path.Combine(runDirectory, "config.json");
        var baselines = Path.Combine(runDirectory, "baselines.json");
        var metrics = Path.Combine(runDirectory, "metrics.csv");
        if (!File.Exists(config) || !File.Exists(baselines) || !File.Exists(metrics)) return null;
        using var configJson = JsonDocument.Parse(File.ReadAllText(config));
        var run = configJson.RootElement.GetProperty("Runs")[0];
        if (run.GetProperty("Problem").GetProperty("Name").GetString() != table.Problem) return null;
        var history = MetricsHistory.Read(metrics);
        if (!history.TryGetValue("bma_test_e1", out var e1) || !double.IsFinite(e1[^1])) return null;
        using var baselineJson = JsonDocument.Parse(File.ReadAllText(baselines));
        var linear = baselineJson.RootElement.EnumerateObject().First(p => p.Name.StartsWith("linearRegression", StringComparison.Ordinal));
        int group = table.Group(run.GetProperty("Problem").GetProperty("Options"));
        double rate = run.GetProperty("Prior").GetProperty("Options").TryGetProperty("TargetSparsity", out var s) ? s.GetDouble() : 0;
        bool preconditioned = string.Equals(run.GetProperty("Sampler").GetProperty("Name").GetString(), "psgld", StringComparison.OrdinalIgnoreCase);
        return new Entry(run.GetProperty("Name").GetString()!, preconditioned, group, (int)Math.Round(100 * rate), e1[^1],
            history["bma_test_e2"][^1], (int)history["epoch"][^1], history["seconds"][^1] / 60,
            baselineJson.RootElement.GetProperty("trainingMean").GetProperty("e1").GetDouble(),
            linear.Value.GetProperty("e1").GetDouble())
        {
            MinutesToE1Below2 = MinutesTo(history, 2),
            MinutesToE1Below1 = MinutesTo(history, 1),
        };
    }
    /// <summary>Test e1 per epoch: the model average's where it exists, the current sample's before sampling starts.</summary>
    public static double[] E1Curve(IReadOnlyDictionary<string, IReadOnlyList<double>> history)
    {
        var current = history["test_e1"];
        var average = history.TryGetValue("bma_test_e1", out var bma) ? bma : null;
        return current.Select((e, i) => average is not null && i < average.Count && double.IsFinite(average[i]) && average[i] > 0 ? average[i] : e).ToArray();
    }

    private static double? MinutesTo(IReadOnlyDictionary<string, IReadOnlyList<double>> history, double percent)
    {
        var curve = E1Curve(history);
        int first = Array.FindIndex(curve, e => e < percent);
        return first < 0 ? null : history["seconds"][first] / 60;
    }

    private static string Optional(double? minutes) => minutes is { } m ? F(m) : "";

    private static string Errors(Entry? e) => e is null ? "-" : $"{F(e.E1)}/{F(e.E2)}";

    private static string Cost(Entry? e) => e is null ? "-" : $"{e.Epochs}, {e.Minutes:F1}";

    private static string PaperCell(PaperTable table, bool preconditioned, int group, int rate) =>
        table.Paper.TryGetValue((preconditioned, group, rate), out var p) ? $"({F(p.E1)}/{F(p.E2)})" : "";

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
