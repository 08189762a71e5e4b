using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SparsePlugins.Host.Configuration;

/// <summary>
/// One run's settings as flat configuration keys (<c>Sampler:Options:StepSize</c>), built layer over layer, each value
/// remembering the layer it came from: the method recipe, then the problem's recipes, then the user's configuration.
/// </summary>
public sealed class LayeredSettings
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _sources = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Key -> where its value came from, for every key some layer set.</summary>
    public IReadOnlyDictionary<string, string> Sources => _sources;

    public string? this[string key] => _values.GetValueOrDefault(key);

    /// <summary>Lays <paramref name="values"/> over the layers so far; null values (sections) are skipped.</summary>
    public void Add(IEnumerable<KeyValuePair<string, string?>> values, Func<string, string> source)
    {
        var layer = values.Where(v => v.Value is not null).ToList();
        // A list replaces the lower layer's list as a whole; element by element, a shorter list would keep a tail.
        foreach (var list in layer.Select(v => ListOf(v.Key)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList())
        {
            foreach (var key in _values.Keys.Where(k => ListOf(k) is { } parent && parent.Equals(list, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                _values.Remove(key);
                _sources.Remove(key);
            }
        }
        foreach (var (key, value) in layer)
        {
            _values[key] = value!;
            _sources[key] = source(key);
        }
    }

    public IConfiguration ToConfiguration() =>
        new ConfigurationBuilder().AddInMemoryCollection(_values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    /// <summary>The list a key is an element of (<c>Prior:Options:SparseLayers</c> for <c>...:SparseLayers:0</c>), or null.</summary>
    private static string? ListOf(string key)
    {
        var segments = key.Split(':');
        for (var i = segments.Length - 1; i > 0; i--)
        {
            if (int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return string.Join(':', segments.Take(i));
            }
        }
        return null;
    }
}
