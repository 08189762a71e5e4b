using System.Text.RegularExpressions;

namespace SparsePlugins.Priors;

/// <summary>Parameter-name patterns with <c>*</c> as the only wildcard (any run of characters, dots included).</summary>
public sealed class LayerPatterns
{
    private readonly Regex[] _patterns;

    public LayerPatterns(IEnumerable<string> patterns) => _patterns = patterns
        .Where(p => !string.IsNullOrWhiteSpace(p))
        .Select(p => new Regex("^" + string.Join(".*", p.Trim().Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant))
        .ToArray();

    public bool IsEmpty => _patterns.Length == 0;

    public bool Matches(string name) => _patterns.Any(p => p.IsMatch(name));
}
