using System.Globalization;
using System.Text;
using System.Text.Json;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// The paper's Table 1 from a set of kle-darcy runs: one row per sparse rate and KLE size, the preconditioned
/// method (PSGLD / PSGLD-SA) and the plain one (SGLD / SGLD-SA) side by side, each as e1/e2 (%) of the Bayesian model
/// average beside the paper's numbers, with the run's epochs and minutes and the two baselines of that data set.
/// A run's KLE size and sparse rate come from its config.json, its baselines from the baselines.json the problem
/// wrote beside it.
/// </summary>
public static class Table1Report
{
    /// <summary>Paper Table 1, e1/e2 in percent, keyed by (preconditioned, KLE terms, sparse rate in percent).</summary>
    private static readonly Dictionary<(bool Preconditioned, int Terms, int Rate), (double E1, double E2)> Paper = new()
    {
        [(true, 32, 0)] = (0.75, 0.57), [(false, 32, 0)] = (2.37, 2.17),
        [(true, 64, 0)] = (0.82, 0.63), [(false, 64, 0)] = (2.38, 2.25),
        [(true, 128, 0)] = (2.13, 1.93), [(false, 128, 0)] = (2.90, 2.60),
        [(true, 32, 50)] = (0.59, 0.56), [(false, 32, 50)] = (2.67, 2.35),
        [(true, 64, 50)] = (0.78, 0.58), [(false, 64, 50)] = (2.68, 2.41),
        [(true, 128, 50)] = (1.60, 1.31), [(false, 128, 50)] = (3.47, 3.00),
        [(true, 32, 70)] = (0.58, 0.51), [(false, 32, 70)] = (2.28, 2.10),
        [(true, 64, 70)] = (0.76, 0.61), [(false, 64, 70)] = (2.40, 2.97),
        [(true, 128, 70)] = (1.79, 1.60), [(false, 128, 70)] = (3.51, 3.02),
    };

    /// <summary>One run as Table 1 sees it.</summary>
    public sealed record Entry(string Run, bool Preconditioned, int Terms, int Rate, double E1, double E2, int Epochs, double Minutes,
        double MeanE1, double LinearE1)
    {
        /// <summary>Minutes until the test e1 (model average once sampling started, current sample before) first fell below 2%.</summary>
        public double? MinutesToE1Below2 { get; init; }

        /// <summary>The same for 1%.</summary>
        public double? MinutesToE1Below1 { get; init; }
    }

    /// <summary>
    /// Writes table1.md and table1.csv into <paramref name="outputRoot"/> from every finished kle-darcy run folder under
    /// it (config.json, baselines.json and metrics.csv), not only this command's runs: a sweep run in parts, or with
    /// some runs repeated by `run --run NAME`, still gives one table. Returns the markdown.
    /// </summary>
    public static string Write(string outputRoot)
    {
        var entries = Directory.EnumerateDirectories(outputRoot).Order(StringComparer.Ordinal).Select(ToEntry).OfType<Entry>().ToList();
        var markdown = Markdown(entries);
        Atomic(Path.Combine(outputRoot, "table1.md"), markdown);
        Atomic(Path.Combine(outputRoot, "table1.csv"), Csv(entries));
        return markdown;
    }

    public static string Markdown(IReadOnlyList<Entry> entries)
    {
        var md = new StringBuilder();
        md.AppendLine("Table 1 (e1/e2 %, Bayesian model average on the test set; paper in brackets; baselines: training mean / linear in the KLE coefficients)");
        md.AppendLine();
        md.AppendLine("| sparse rate | KLE | PSGLD(-SA) | paper | epochs, min | SGLD(-SA) | paper | epochs, min | mean e1 | linear e1 |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in entries.GroupBy(e => (e.Rate, e.Terms)).OrderBy(g => g.Key.Rate).ThenBy(g => g.Key.Terms))
        {
            var (rate, terms) = row.Key;
            var pre = row.LastOrDefault(e => e.Preconditioned);
            var plain = row.LastOrDefault(e => !e.Preconditioned);
            var any = row.First();
            md.AppendLine($"| {(rate == 0 ? "dense" : rate + "%")} | {terms} | {Errors(pre)} | {PaperCell(true, terms, rate)} | {Cost(pre)} | " +
                          $"{Errors(plain)} | {PaperCell(false, terms, rate)} | {Cost(plain)} | {F(any.MeanE1)} | {F(any.LinearE1)} |");
        }
        return md.ToString();
    }

    private static string Csv(IReadOnlyList<Entry> entries)
    {
        var csv = new StringBuilder("run,method_kind,kle_terms,sparse_rate_percent,e1,e2,paper_e1,paper_e2,epochs,minutes," +
                                    "minutes_to_e1_below_2,minutes_to_e1_below_1,baseline_mean_e1,baseline_linear_e1\n");
        foreach (var e in entries)
        {
            var paper = Paper.TryGetValue((e.Preconditioned, e.Terms, e.Rate), out var p) ? $"{F(p.E1)},{F(p.E2)}" : ",";
            csv.AppendLine($"{e.Run},{(e.Preconditioned ? "preconditioned" : "plain")},{e.Terms},{e.Rate},{F(e.E1)},{F(e.E2)},{paper}," +
                           $"{e.Epochs},{F(e.Minutes)},{Optional(e.MinutesToE1Below2)},{Optional(e.MinutesToE1Below1)},{F(e.MeanE1)},{F(e.LinearE1)}");
        }
        return csv.ToString();
    }

    /// <summary>Null when the folder is not a finished kle-darcy run (no config, baselines or model average).</summary>
    public static Entry? ToEntry(string runDirectory)
    {
        var config = Path.Combine(runDirectory, "config.json");
        var baselines = Path.Combine(runDirectory, "baselines.json");
        var metrics = Path.Combine(runDirectory, "metrics.csv");
        if (!File.Exists(config) || !File.Exists(baselines) || !File.Exists(metrics)) return null;
        using var configJson = JsonDocument.Parse(File.ReadAllText(config));
        var run = configJson.RootElement.GetProperty("Runs")[0];
        if (run.GetProperty("Problem").GetProperty("Name").GetString() != "kle-darcy") return null;
        var history = MetricsHistory.Read(metrics);
        if (!history.TryGetValue("bma_test_e1", out var e1) || !double.IsFinite(e1[^1])) return null;
        using var baselineJson = JsonDocument.Parse(File.ReadAllText(baselines));
        int terms = run.GetProperty("Problem").GetProperty("Options").GetProperty("Terms").GetInt32();
        double rate = run.GetProperty("Prior").GetProperty("Options").TryGetProperty("TargetSparsity", out var s) ? s.GetDouble() : 0;
        bool preconditioned = string.Equals(run.GetProperty("Sampler").GetProperty("Name").GetString(), "psgld", StringComparison.OrdinalIgnoreCase);
        return new Entry(run.GetProperty("Name").GetString()!, preconditioned, terms, (int)Math.Round(100 * rate), e1[^1],
            history["bma_test_e2"][^1], (int)history["epoch"][^1], history["seconds"][^1] / 60,
            baselineJson.RootElement.GetProperty("trainingMean").GetProperty("e1").GetDouble(),
            baselineJson.RootElement.GetProperty("linearRegressionOnKle").GetProperty("e1").GetDouble())
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

    private static string PaperCell(bool preconditioned, int terms, int rate) =>
        Paper.TryGetValue((preconditioned, terms, rate), out var p) ? $"({F(p.E1)}/{F(p.E2)})" : "";

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    private static void Atomic(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
