using System.Globalization;
using System.Text.Json;
using SparsePlugins.Host;

// Cost of replica exchange (Training:Temperatures) and of the Metropolis moves (Training:Jumps, Swaps, GibbsMoves)
// per iteration against one chain alone, Section 6.1 test 1
// (p = 200, n = 100, full batch), PSGLD-SA with MarginalLatents, one chain, ParallelChains 1. The settings run in
// turn, round after round, in this one process, so a machine shared with other work loads them alike; each run's
// sampling time is the chain's own clock (metrics.csv `seconds`), without the report and figures.
//
// Usage: SparsePlugins.ReplicaExchange.Bench [rounds=3] [epochs=3000] [out=re-bench]
int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3000;
string output = args.Length > 2 ? args[2] : "re-bench";
(string Name, double[] Ladder, int SwapEvery, Moves Moves)[] settings =
[
    ("one chain", [], 10, new()),
    ("2 replicas", [1, 1.1], 10, new()),
    ("4 replicas", [1, 1.1, 1.21, 1.33], 10, new()),
    ("8 replicas", [1, 1.1, 1.21, 1.33, 1.46, 1.61, 1.77, 1.95], 10, new()),
    ("8 replicas, no swaps", [1, 1.1, 1.21, 1.33, 1.46, 1.61, 1.77, 1.95], 1_000_000_000, new()),
    ("10 jumps", [], 10, new(Jumps: 10)),
    ("10 pair swaps", [], 10, new(Swaps: 10)),
    ("10 Gibbs moves", [], 10, new(Gibbs: 10)),
    ("5 jumps, 10 swaps, 10 Gibbs", [], 10, new(5, 10, 10)),
];
var seconds = settings.ToDictionary(s => s.Name, _ => new List<double>());
for (int round = 0; round < rounds; round++)
{
    foreach (var (name, ladder, swapEvery, moves) in settings)
    {
        var directory = Path.Combine(output, $"round{round}");
        var config = Path.Combine(directory, "config.json");
        Directory.CreateDirectory(directory);
        File.WriteAllText(config, Configuration(directory, ladder, swapEvery, moves, epochs));
        using var log = new StringWriter();
        int code = HostApplication.Run(["run", "--config", config], log, log);
        if (code != 0) throw new InvalidOperationException($"{name}: host exited with {code}:\n{log}");
        var last = File.ReadLines(Path.Combine(directory, "bench", "metrics.csv")).ToList();
        var header = last[0].Split(',');
        seconds[name].Add(double.Parse(last[^1].Split(',')[Array.IndexOf(header, "seconds")], CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"round {round + 1}/{rounds} {name}: {seconds[name][^1]:F2} s");
    }
}
double single = Median(seconds["one chain"]);
Console.WriteLine($"{epochs} iterations, {rounds} rounds, median of the chain's sampling seconds");
Console.WriteLine("| setting | replicas | median s | ms / iteration | x one chain | x one chain per replica |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (name, ladder, _, _) in settings)
{
    double median = Median(seconds[name]);
    int replicas = Math.Max(1, ladder.Length);
    Console.WriteLine($"| {name} | {replicas} | {median:F2} | {1000 * median / epochs:F3} | {median / single:F2} | {median / single / replicas:F2} |");
}
return 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Configuration(string directory, double[] ladder, int swapEvery, Moves moves, int epochs) => JsonSerializer.Serialize(new
{
    Output = directory,
    IfRunExists = "Overwrite",
    Logging = new { LogLevel = new { Default = "Warning" } },
    Runs = new object[]
    {
        new
        {
            Name = "bench", Seed = 1, Method = "PSGLD-SA",
            Problem = new { Name = "linear-regression" },
            Network = new { Name = "linear" },
            Prior = new { Options = new { MarginalLatents = true } },
            Training = new { Epochs = epochs, BurnIn = epochs / 5, Chains = 1, ParallelChains = 1, ChainSelection = "All", Temperatures = ladder, SwapEvery = swapEvery,
                Jumps = moves.Jumps, Swaps = moves.Swaps, GibbsMoves = moves.Gibbs },
        },
    },
});

/// <summary>Metropolis moves per iteration of a setting.</summary>
internal readonly record struct Moves(int Jumps = 0, int Swaps = 0, int Gibbs = 0);
