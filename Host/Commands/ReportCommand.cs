using SparsePlugins.Host.Options;
using SparsePlugins.Host.Runs;

namespace SparsePlugins.Host.Commands;

/// <summary>
/// The <c>report</c> command: rebuilds <c>comparison.md</c>/<c>.csv</c> from the run folders under a directory, from
/// their <c>summary.json</c> and <c>status.json</c> alone (no training, no plugins), marking running, interrupted and
/// failed runs. For sweeps whose runs were written by several processes (shards, job arrays).
/// </summary>
public static class ReportCommand
{
    public static int Execute(string directory, TextWriter output)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new UserInputException($"report: '{directory}' is not a folder. Pass the Output folder of a run command (--output DIR).");
        }
        var outcomes = RunFolderScan.Outcomes(root);
        if (outcomes.Count == 0)
        {
            throw new UserInputException($"report: '{directory}' holds no run folders (none has a status.json or summary.json). " +
                "Pass the Output folder of a run command.");
        }
        output.Write(ComparisonWriter.Write(root, outcomes));
        output.WriteLine($"{outcomes.Count} run folder(s); comparison.md and comparison.csv written in {root}");
        return HostApplication.Success;
    }
}
