using SparsePlugins.Abstractions;
using System.Text.Json;

namespace SparsePlugins.Host.Runs;

/// <summary>
/// Reads every run folder under an output folder back into <see cref="RunOutcome"/>s, from their <c>summary.json</c>
/// and <c>status.json</c> alone, so that <c>comparison.md</c> covers all runs there whichever command wrote last, and
/// runs still going or interrupted are listed as such.
/// </summary>
public static class RunFolderScan
{
    public static IReadOnlyList<RunOutcome> Outcomes(string outputRoot)
    {
        if (!Directory.Exists(outputRoot)) return [];
        return Directory.EnumerateDirectories(outputRoot)
            .Select(d => (Directory: d, Status: RunStatusFile.Read(d)))
            .Where(x => x.Status is not null || File.Exists(Path.Combine(x.Directory, "summary.json")))
            .OrderBy(x => x.Status?.Started ?? DateTimeOffset.MinValue).ThenBy(x => x.Directory, StringComparer.Ordinal)
            .Select(x => Read(x.Directory, x.Status))
            .ToList();
    }

    private static RunOutcome Read(string directory, RunStatusFile? status)
    {
        var name = Path.GetFileName(directory);
        var summary = Summary(directory);
        // A folder whose status is newer than its summary (a resumed or re-started run) is described by its status.
        bool current = summary is not null && (status is null || status.Status is not (RunStatus.Running or RunStatus.Interrupted));
        var runStatus = status?.Status ?? Enum.Parse<RunStatus>(String(summary, "status") ?? "Failed");
        if (runStatus == RunStatus.Running && status is { IsLive: false }) runStatus = RunStatus.Interrupted;
        var root = current ? summary!.Value : default;
        return new RunOutcome(
            name,
            String(summary, "method") ?? "",
            runStatus,
            status?.Error ?? String(summary, "error"),
            current && root.TryGetProperty("wallSeconds", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0,
            current ? Numbers(root, "finalMetrics") : new Dictionary<string, double>(),
            current ? Strings(root, "comparison") : new Dictionary<string, string>(),
            String(summary, "problem") ?? "")
        {
            Warnings = current ? Warnings(root) : [],
        };
    }

    /// <summary>summary.json's <c>warnings</c>, as <see cref="RunSummary.Warnings"/> wrote them.</summary>
    private static List<ConvergenceWarning> Warnings(JsonElement root)
    {
        var result = new List<ConvergenceWarning>();
        if (!root.TryGetProperty("warnings", out var list) || list.ValueKind != JsonValueKind.Array) return result;
        foreach (var w in list.EnumerateArray().Where(w => w.ValueKind == JsonValueKind.Object))
        {
            var severity = String(w, "severity") == "strong" ? WarningSeverity.Strong : WarningSeverity.Warning;
            result.Add(new ConvergenceWarning(severity, String(w, "quantity") ?? "", String(w, "message") ?? "", String(w, "fix") ?? ""));
        }
        return result;
    }

    private static JsonElement? Summary(string directory)
    {
        var path = Path.Combine(directory, "summary.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private static string? String(JsonElement? element, string key) =>
        element is { } e && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Dictionary<string, double> Numbers(JsonElement root, string key)
    {
        var result = new Dictionary<string, double>();
        if (!root.TryGetProperty(key, out var obj) || obj.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in obj.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Number) result[p.Name] = p.Value.GetDouble();
            else if (p.Value.ValueKind == JsonValueKind.String && double.TryParse(p.Value.GetString(),
                System.Globalization.CultureInfo.InvariantCulture, out var v)) result[p.Name] = v;
        }
        return result;
    }

    private static Dictionary<string, string> Strings(JsonElement root, string key)
    {
        var result = new Dictionary<string, string>();
        if (!root.TryGetProperty(key, out var obj) || obj.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in obj.EnumerateObject()) result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ToString();
        return result;
    }
}
