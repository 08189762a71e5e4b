using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Host.Runs;

namespace SparsePlugins.Host.Commands;

/// <summary>
/// The <c>report</c> command: rebuilds <c>comparison.md</c>/<c>.csv</c> from the run folders under a directory, from
/// their <c>summary.json</c> and <c>status.json</c> alone (no training), marking running, interrupted and failed runs;
/// then each problem's own report (Table 1 and 2 for the Darcy problems) where its plugin is installed. For sweeps
/// whose runs were written by several processes (shards, job arrays).
/// </summary>
public sealed class ReportCommand(PluginCatalog catalog, ILogger<ReportCommand> logger)
{
    public int Execute(string directory, TextWriter output)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new InvalidInputException($"report: '{directory}' is not a folder. Pass the Output folder of a run command (--output DIR).");
        }
        var outcomes = RunFolderScan.Outcomes(root);
        if (outcomes.Count == 0)
        {
            throw new InvalidInputException($"report: '{directory}' holds no run folders (none has a status.json or summary.json). " +
                "Pass the Output folder of a run command.");
        }
        var table = ComparisonWriter.Write(root, outcomes);
        foreach (var problem in outcomes.Select(o => o.Problem).Distinct(StringComparer.Ordinal))
        {
            table = ProblemReport(problem, root) ?? table;
        }
        output.Write(table);
        output.WriteLine($"{outcomes.Count} run folder(s); comparison.md and comparison.csv written in {root}");
        return SparsePlugins.Host.Cli.ExitCodes.Success;
    }

    /// <summary>The problem's own report from the folder alone (no results in memory); the comparison with it appended.</summary>
    private string? ProblemReport(string problem, string root)
    {
        if (catalog.Find(PluginKind.Problem, problem)?.Factory is not IComparisonReporter reporter)
        {
            logger.LogInformation("Problem {Problem}: no installed plugin writes a report of its own; the comparison covers it", problem);
            return null;
        }
        try
        {
            var written = reporter.Compare([], root);
            return ComparisonWriter.Append(root, written.Where(p => p.EndsWith(".md", StringComparison.OrdinalIgnoreCase)));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException)
        {
            logger.LogError("The report of problem {Problem} failed: {Message}", problem, e.Message);
            return null;
        }
    }
}
