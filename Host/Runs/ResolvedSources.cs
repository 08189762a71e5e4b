using System.Text.Json.Nodes;

namespace SparsePlugins.Host.Runs;

/// <summary>
/// The <c>Sources</c> map of <c>config.json</c>: every value of the resolved run (flat key, as in configuration) and the
/// layer that set it, or <c>default</c> where none did and the plugin's or host's default applies.
/// </summary>
public static class ResolvedSources
{
    public const string Default = "default";

    public static SortedDictionary<string, string> Of(JsonNode resolvedRun, IReadOnlyDictionary<string, string> sources)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Leaves(resolvedRun, ""))
        {
            result[key] = sources.TryGetValue(key, out var source) ? source : Default;
        }
        return result;
    }

    /// <summary>Paths of the values; an empty list or object is a value of its own.</summary>
    private static IEnumerable<string> Leaves(JsonNode? node, string path) => node switch
    {
        JsonObject o when o.Count > 0 => o.SelectMany(p => Leaves(p.Value, Join(path, p.Key))),
        JsonArray a when a.Count > 0 => a.SelectMany((item, i) => Leaves(item, Join(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        _ => [path],
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}:{key}";
}
