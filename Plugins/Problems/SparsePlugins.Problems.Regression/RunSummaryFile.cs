using System.Text.Json;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// What cross-run figures need from a run's summary.json (written before comparisons) that RunResult does not
/// carry. Every reader returns null when the file or the entry is missing or malformed: figures then do without.
/// </summary>
public static class RunSummaryFile
{
    public const string FileName = "summary.json";

    /// <summary>The first two true coefficients (synthetic data only).</summary>
    public static double[]? TrueCoefficients(string runDirectory) =>
        Read(runDirectory, root => root.TryGetProperty("trueCoefficients", out var element) && element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().Take(2).Select(e => e.GetDouble()).ToArray()
            : null);

    /// <summary>The chains Training:ChainSelection kept in the posterior; null when the run did not select chains.</summary>
    public static IReadOnlySet<int>? KeptChains(string runDirectory) =>
        Read(runDirectory, root => root.TryGetProperty("chainSelection", out var selection) && selection.ValueKind == JsonValueKind.Object &&
                                   selection.TryGetProperty("kept", out var kept) && kept.ValueKind == JsonValueKind.Array
            ? kept.EnumerateArray().Select(e => e.GetInt32()).ToHashSet()
            : null);

    private static T? Read<T>(string runDirectory, Func<JsonElement, T?> entry) where T : class
    {
        var path = Path.Combine(runDirectory, FileName);
        try
        {
            if (!File.Exists(path)) return null;
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return entry(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
