using System.Globalization;
using System.Text;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Training;

namespace SparsePlugins.Host.Runs;

/// <summary><c>summary.json</c> and <c>samples.csv</c>: what a run reached, its convergence diagnostics and its samples.</summary>
public static class RunSummary
{
    public static Dictionary<string, object?> Build(ResolvedRun run, List<ChainResult> chains, PosteriorAccumulator accumulator,
        ProblemReport report, double seconds, RunStatus status, string? error,
        IReadOnlyList<int>? kept, ConvergenceAssessment assessment)
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
            ["convergence"] = Convergence(assessment.Kept),
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
        // Over every chain as well, when some were left out: a large R-hat there says the left-out chains found another mode.
        if (assessment.AllChains is { } all) summary["convergenceAllChains"] = Convergence(all);
        summary["warnings"] = Warnings(assessment.Warnings);
        // The problem's columns of comparison.md, so the table can be rebuilt from run folders alone.
        summary["comparison"] = report.Comparison;
        foreach (var (key, value) in report.Summary) summary[key] = value;
        return summary;
    }

    /// <summary>
    /// The diagnostics of the tracked quantities (rank-normalised split R-hat and bulk ESS, Vehtari et al. 2021): the test
    /// loss, the log joint where chains are compared, and every weight of a model whose samples are kept.
    /// </summary>
    public static Dictionary<string, object?> Convergence(IReadOnlyList<QuantityDiagnostics> diagnostics)
    {
        var result = new Dictionary<string, object?>
        {
            ["method"] = "rank-normalised split R-hat (max of bulk and folded) and bulk ESS, Vehtari et al. 2021",
        };
        foreach (var single in diagnostics.Where(d => d.Group != TrackedQuantities.Weights))
        {
            result[single.Group + "RHat"] = Finite(single.RHat);
            result[single.Group + "Ess"] = Finite(single.BulkEss);
        }
        var weights = diagnostics.Where(d => d.Group == TrackedQuantities.Weights).ToList();
        if (weights.Count > 0)
        {
            var finiteRhat = weights.Select(d => d.RHat).Where(double.IsFinite).ToArray();
            var finiteEss = weights.Select(d => d.BulkEss).Where(double.IsFinite).ToArray();
            result["weightRHatMax"] = finiteRhat.Length > 0 ? finiteRhat.Max() : null;
            result["weightEssMin"] = finiteEss.Length > 0 ? finiteEss.Min() : null;
            result["weightRHat"] = weights.Select(d => Finite(d.RHat)).ToArray();
            result["weightEss"] = weights.Select(d => Finite(d.BulkEss)).ToArray();
        }
        return result;
    }

    /// <summary>summary.json's <c>warnings</c>: severity, quantity, message and fix of each.</summary>
    public static object[] Warnings(IReadOnlyList<ConvergenceWarning> warnings) => warnings
        .Select(w => new Dictionary<string, object?>
        {
            ["severity"] = w.Severity == WarningSeverity.Strong ? "strong" : "warning",
            ["quantity"] = w.Quantity,
            ["message"] = w.Message,
            ["fix"] = w.Fix,
        }).ToArray<object>();

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
