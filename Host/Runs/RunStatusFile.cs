using System.Text.Json;

namespace SparsePlugins.Host.Runs;

/// <summary>
/// <c>status.json</c> in a run folder: what the folder holds (running, completed, failed, diverged, invalid-input,
/// interrupted; as in summary.json, capitalised), since when, from which configuration (hash) and which process. Written atomically at every change,
/// so a reader never sees half a file, and it is the first file a run writes, so a folder without it is not a run's.
/// </summary>
public sealed record RunStatusFile(
    RunStatus Status,
    DateTimeOffset Started,
    DateTimeOffset Updated,
    string ConfigurationHash,
    int ProcessId,
    string Machine,
    string? Error = null)
{
    public const string FileName = "status.json";

    public static RunStatusFile Start(string configurationHash) => new(RunStatus.Running, DateTimeOffset.UtcNow,
        DateTimeOffset.UtcNow, configurationHash, Environment.ProcessId, Environment.MachineName);

    public RunStatusFile With(RunStatus status, string? error = null) =>
        this with { Status = status, Updated = DateTimeOffset.UtcNow, Error = error };

    public void Write(string directory)
    {
        JsonOutput.Write(Path.Combine(directory, FileName), this);
    }

    /// <summary>The folder's status, or null when it has none or it cannot be read.</summary>
    public static RunStatusFile? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunStatusFile>(File.ReadAllText(path), JsonOutput.Options);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>A "running" status whose process is gone (killed, machine rebooted) means interrupted.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsLive => Status == RunStatus.Running && Machine == Environment.MachineName && ProcessAlive(ProcessId);

    private static bool ProcessAlive(int id)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
