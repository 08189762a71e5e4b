using System.Globalization;
using System.Text;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Training;

namespace SparsePlugins.Host.Runs;

/// <summary><c>summary.json</c> and <c>samples.csv</c>: what a run reached, its convergence diagnostics and its samples.</summary>
public static class RunSummary
{
    public static Dictionary<string, object?> Build(ResolvedRun run, List<ChainResult> chains, PosteriorAccumulator accumulator,
        (string[] Columns, double[][] Rows)? flat, ProblemReport report, double seconds, RunStatus status, string? error,
        IReadOnlyList<int>? kept)
    {
        var spec = run.Specification;
        var posteriorChains = kept is null ? chains : kept.Select(i => chains[i]).ToList();
        var final = posteriorChains.Count > 0 ? posteriorChains[^1].FinalMetrics : new Dictionary<string, double>();
        var summary = new Dictionary<string, object?>
        {
            ["run"] = spec.Name,
            ["status"] = status,
            ["error"] = error,
            ["method"] = spec.Method,
            ["problem"] = run.Problem.Descriptor.Name,
            ["network"] = run.Network.Descriptor.Name,
            ["prior"] = run.Prior.Descriptor.Name,
            ["sampler"] = run.Sampler.Descriptor.Name,
            ["seed"] = spec.Seed,
            ["chains"] = spec.Training.Chains,
            ["epochsReached"] = chains.Select(c => c.EpochsReached).ToArray(),
            ["stoppedAtBudget"] = chains.Any(c => c.StoppedAtBudget),
            ["maxMinutes"] = spec.Training.MaxMinutes,
            ["wallSeconds"] = Math.Round(seconds, 3),
            ["samples"] = accumulator.Count,
            ["finalMetrics"] = final,
            ["sparsity"] = final.Where(kv => kv.Key.StartsWith("prior_sparsity", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key["prior_".Length..], kv => kv.Value),
            ["convergence"] = Convergence(posteriorChains, accumulator, flat),
            ["meanLogJoint"] = chains.Select(c => Finite(ChainSelector.Mean(c.LogJointTrace))).ToArray(),
        };
        if (kept is not null)
        {
            summary["chainSelection"] = new Dictionary<string, object?>
            {
                ["rule"] = spec.Training.ChainSelection,
                ["tolerance"] = spec.Training.ChainSelectionTolerance,
                ["kept"] = kept,
            };
        }
        // The problem's columns of comparison.md, so the table can be rebuilt from run folders alone.
        summary["comparison"] = report.Comparison;
        foreach (var (key, value) in report.Summary) summary[key] = value;
        return summary;
    }

    private static Dictionary<string, object?> Convergence(List<ChainResult> chains, PosteriorAccumulator accumulator,
        (string[] Columns, double[][] Rows)? samples)
    {
        var traces = chains.Select(c => c.TestLossTrace).Where(t => t.Count > 0).ToList();
        var result = new Dictionary<string, object?>
        {
            ["testLossRHat"] = Finite(ConvergenceDiagnostics.SplitRHat(traces)),
            ["testLossEss"] = Finite(ConvergenceDiagnostics.EffectiveSampleSize(traces)),
        };
        if (samples is { } flat && chains.Count > 0)
        {
            var byChain = flat.Rows.Select((row, i) => (row, chain: accumulator.SampleChains[i]))
                .GroupBy(x => x.chain).Select(g => g.Select(x => x.row).ToList()).ToList();
            var rhat = new double[flat.Columns.Length];
            var ess = new double[flat.Columns.Length];
            for (int w = 0; w < flat.Columns.Length; w++)
            {
                var perChain = byChain.Select(c => (IReadOnlyList<double>)c.Select(r => r[w]).ToList()).ToList();
                rhat[w] = ConvergenceDiagnostics.SplitRHat(perChain);
                ess[w] = ConvergenceDiagnostics.EffectiveSampleSize(perChain);
            }
            var finiteRhat = rhat.Where(double.IsFinite).ToArray();
            var finiteEss = ess.Where(double.IsFinite).ToArray();
            result["weightRHatMax"] = finiteRhat.Length > 0 ? finiteRhat.Max() : null;
            result["weightEssMin"] = finiteEss.Length > 0 ? finiteEss.Min() : null;
            result["weightRHat"] = rhat.Select(Finite).ToArray();
            result["weightEss"] = ess.Select(Finite).ToArray();
        }
        return result;
    }

    private static double? Finite(double x) => double.IsFinite(x) ? Math.Round(x, 6) : null;

    public static void WriteSamples(string directory, PosteriorAccumulator accumulator, (string[] Columns, double[][] Rows)? samples)
    {
        if (samples is not { } flat) return;
        var builder = new StringBuilder();
        builder.Append("chain,").AppendLine(string.Join(",", flat.Columns));
        for (int i = 0; i < flat.Rows.Length; i++)
        {
            builder.Append(accumulator.SampleChains[i].ToString(CultureInfo.InvariantCulture));
            foreach (var v in flat.Rows[i]) builder.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            builder.AppendLine();
        }
        var path = Path.Combine(directory, "samples.csv");
        AtomicFile.WriteAllText(path, builder.ToString());
    }
}
