using System.Globalization;
using System.Text;
using SparsePlugins.Reference.Regression;

namespace SparsePlugins.Regression.Calibration;

/// <summary>The Markdown tables: one row per draw, then coverage over the draws.</summary>
public static class CalibrationTable
{
    public static string Markdown(CalibrationTest test, IReadOnlyList<DrawResult> draws, IReadOnlyList<string> methods)
    {
        var text = new StringBuilder();
        text.AppendLine($"### {test.Description}").AppendLine();
        var header = new List<string> { "DataSeed" };
        foreach (var method in methods)
        {
            header.AddRange([$"{method}: max \\|diff\\| (at)", $"{method}: incl b1, b2", $"exact (v1 {Slab(draws, method)}): incl b1, b2",
                $"{method}: 95% covers b1, b2", $"{method}: max \\|diff\\| to Laplace spike (at, +- MC error)", "exact, Laplace spike: incl b1, b2"]);
        }
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
        foreach (var draw in draws) text.AppendLine(Row(draw, methods));
        text.AppendLine();
        foreach (var method in methods) text.AppendLine(Coverage(draws, method));
        return text.ToString();
    }

    /// <summary>One draw as a table row (also printed as each draw finishes).</summary>
    public static string Row(DrawResult draw, IReadOnlyList<string> methods)
    {
        var cells = new List<string> { draw.Draw.ToString(CultureInfo.InvariantCulture) };
        foreach (var (result, exact, continuous) in methods.Select(m => draw.Methods.Single(r => r.Method.Method == m)))
        {
            var worst = InclusionComparison.Of(result.Inclusion, exact.Inclusion);
            cells.Add($"{F(worst.Difference)} (b{worst.Index + 1})");
            cells.Add($"{F(result.Inclusion[0])}, {F(result.Inclusion[1])}");
            cells.Add($"{F(exact.Inclusion[0])}, {F(exact.Inclusion[1])}");
            cells.Add($"{Mark(result.Covers(0))} {Mark(result.Covers(1))}");
            var worstContinuous = InclusionComparison.Of(result.Inclusion, continuous.Probability);
            double error = DrawResult.DifferenceError(result, continuous, worstContinuous.Index);
            cells.Add($"{F(worstContinuous.Difference)} (b{worstContinuous.Index + 1}, +- {F(error)})");
            cells.Add($"{F(continuous.Probability[0])}, {F(continuous.Probability[1])}");
        }
        return "| " + string.Join(" | ", cells) + " |";
    }

    /// <summary>Frequentist coverage of the 95% intervals of b1 and b2 over the draws, the method's and the exact posterior's.</summary>
    private static string Coverage(IReadOnlyList<DrawResult> draws, string method)
    {
        var pairs = draws.Select(d => d.Methods.Single(r => r.Method.Method == method)).ToList();
        int Count(Func<int, (MethodResult Method, ExactPosterior Exact, InclusionEstimate Continuous), bool> covers, int j) => pairs.Count(p => covers(j, p));
        bool Exact(int j, (MethodResult Method, ExactPosterior Exact, InclusionEstimate Continuous) p) => DrawResult.ExactCovers(p.Exact, p.Method.Truth[j], j);
        var worst = pairs.Select(p => InclusionComparison.Of(p.Method.Inclusion, p.Exact.Inclusion).Difference).ToList();
        var comparisons = pairs.Select(p => (Pair: p, Worst: InclusionComparison.Of(p.Method.Inclusion, p.Continuous.Probability))).ToList();
        var worstContinuous = comparisons.Select(c => c.Worst.Difference).ToList();
        // A miss the Monte Carlo error cannot explain: above 0.15 by more than two combined errors.
        int significant = comparisons.Count(c => c.Worst.Difference - 0.15 > 2 * DrawResult.DifferenceError(c.Pair.Method, c.Pair.Continuous, c.Worst.Index));
        return $"- {method}: 95% intervals cover b1 in {Count((j, p) => p.Method.Covers(j), 0)} of {pairs.Count} draws and b2 in " +
               $"{Count((j, p) => p.Method.Covers(j), 1)}; the exact posterior's (v1 {Slab(draws, method)}) in {Count(Exact, 0)} and " +
               $"{Count(Exact, 1)}. Largest inclusion difference: median {F(Median(worst))}, max {F(worst.Max())}, above 0.15 " +
               $"on {worst.Count(w => w > 0.15)} of {pairs.Count} draws. Against the exact posterior with the Laplace spike: median " +
               $"{F(Median(worstContinuous))}, max {F(worstContinuous.Max())}, above 0.15 on {worstContinuous.Count(w => w > 0.15)}, " +
               $"above 0.15 by more than two Monte Carlo errors on {significant}.";
    }

    private static string Slab(IReadOnlyList<DrawResult> draws, string method) =>
        F(draws[0].Methods.Single(r => r.Method.Method == method).Method.SlabVariance, "G4");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : 0.5 * (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]);
    }

    private static string Mark(bool covered) => covered ? "yes" : "no";

    private static string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);
}
