using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Training;

namespace SparsePlugins.Host.Runs;

/// <summary>How a run starts given what its folder holds.</summary>
public enum RunStart
{
    /// <summary>An empty or new folder, or one whose old outputs are removed first.</summary>
    Fresh,

    /// <summary>Continue from the checkpoints in the folder.</summary>
    Resume,

    /// <summary>The folder holds this run, completed: keep it.</summary>
    Keep,
}

public sealed record RunPlan(ResolvedRun Run, string Directory, string ConfigurationHash, RunStart Start);

/// <summary>
/// Decides, for every run before the first one starts, what happens to its folder under the
/// <see cref="ExistingRunPolicy"/>, so that a refusal costs nothing and no folder ever mixes two runs' files.
/// </summary>
public static class RunFolders
{
    public const string CheckpointFolder = "checkpoints";

    public static IReadOnlyList<RunPlan> Plan(IReadOnlyList<ResolvedRun> runs, string outputRoot, ExistingRunPolicy policy)
    {
        var plans = new List<RunPlan>();
        var conflicts = new List<string>();
        foreach (var run in runs)
        {
            var directory = Path.Combine(outputRoot, run.Specification.Name);
            var hash = RunConfigurationJson.Hash(run);
            var (start, conflict) = Decide(directory, hash, policy);
            if (conflict is not null) conflicts.Add(conflict);
            plans.Add(new RunPlan(run, directory, hash, start));
        }
        if (conflicts.Count > 0)
        {
            throw new InvalidInputException(string.Join(Environment.NewLine, conflicts) + Environment.NewLine +
                (policy == ExistingRunPolicy.Refuse
                    ? "Nothing was run. Add --resume to keep completed runs and continue interrupted ones, --overwrite to " +
                      "delete the old outputs first, or set Output to another folder."
                    : "Nothing was run."));
        }
        return plans;
    }

    private static (RunStart Start, string? Conflict) Decide(string directory, string hash, ExistingRunPolicy policy)
    {
        if (!Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any()) return (RunStart.Fresh, null);
        var status = RunStatusFile.Read(directory);
        if (status is { IsLive: true })
        {
            return (RunStart.Fresh, $"{directory} is in use: process {status.ProcessId} is running it (status.json). " +
                "Wait for it, or stop it first.");
        }
        var what = status is null ? "outputs without a status.json" : $"a run {Describe(status)}";
        switch (policy)
        {
            case ExistingRunPolicy.Overwrite:
                return (RunStart.Fresh, null);
            case ExistingRunPolicy.Refuse:
                return (RunStart.Fresh, $"{directory} already holds {what}.");
        }
        if (status is not null && status.ConfigurationHash != hash)
        {
            return (RunStart.Fresh, $"{directory} holds a run of another configuration (hash {status.ConfigurationHash}, now " +
                $"{hash}); --resume continues only the same configuration. Use --overwrite to replace it.");
        }
        if (status?.Status == RunStatus.Completed) return (RunStart.Keep, null);
        return HasCheckpoint(directory) ? (RunStart.Resume, null) : (RunStart.Fresh, null);
    }

    private static string Describe(RunStatusFile status) =>
        $"{(status.Status == RunStatus.Running ? "interrupted (its process is gone)" : status.Status.ToString().ToLowerInvariant())}, " +
        $"started {status.Started:yyyy-MM-dd HH:mm} UTC";

    public static string CheckpointDirectory(string runDirectory) => Path.Combine(runDirectory, CheckpointFolder);

    public static bool HasCheckpoint(string runDirectory) =>
        Directory.Exists(CheckpointDirectory(runDirectory)) &&
        Directory.EnumerateFiles(CheckpointDirectory(runDirectory), "*.ckpt").Any();

    /// <summary>Empties a run folder before a fresh start, so no old output survives beside the new ones.</summary>
    public static void Clear(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory)) File.Delete(file);
        foreach (var folder in Directory.EnumerateDirectories(directory)) Directory.Delete(folder, recursive: true);
    }

    public static string CheckpointPath(string runDirectory, int chain) =>
        Path.Combine(CheckpointDirectory(runDirectory), ChainCheckpoint.FileName(chain));
}
