using SparsePlugins.Abstractions;
using System.Globalization;
using SparsePlugins.Host.Options;

namespace SparsePlugins.Host.Configuration;

/// <summary>
/// The i-th of n shares of a configuration's runs (<c>run --shard i/n</c>, i from 0): the run at position k (in
/// configuration order, after <c>--run</c> selection) belongs to shard k mod n. Round-robin rather than blocks, so a
/// sweep whose long runs sit together in the file (Table 1 by KLE size) still spreads them over the tasks; with n equal
/// to the number of runs each task gets exactly one, the run at its own index.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static Shard All { get; } = new(0, 1);

    public bool Owns(int position) => position % Count == Index;

    public IReadOnlyList<T> Select<T>(IReadOnlyList<T> items) => items.Where((_, k) => Owns(k)).ToList();

    public override string ToString() => $"{Index}/{Count}";

    /// <exception cref="InvalidInputException">Not of the form i/n with 0 &lt;= i &lt; n.</exception>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 &&
            int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) &&
            count >= 1 && index < count)
        {
            return new Shard(index, count);
        }
        throw new InvalidInputException($"--shard '{text}' must be i/n with 0 <= i < n, e.g. 0/4 for the first of four shares. " +
            "In a Slurm array submitted with --array=0-(n-1): --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT.");
    }
}
