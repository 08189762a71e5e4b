namespace SparsePlugins.Darcy;

/// <summary>
/// Keeps generated data sets in a folder under names derived from their options, so that a run reuses a data set
/// generated earlier with the same options and regenerates one that is missing or unreadable. Processes that share the
/// folder (Slurm array tasks, two terminals) generate a data set once: the first takes the lock, the others wait for it
/// and then read what it wrote.
/// </summary>
public static class DarcyDatasetCache
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary><c>cacheDirectory/problem-HASH16.h5</c>, HASH16 the first 16 hex digits of the options hash.</summary>
    public static string PathFor(DarcyGeneratorOptions options, string cacheDirectory, string problem = "darcy") =>
        Path.Combine(cacheDirectory, $"{problem}-{options.Hash()[..16]}.h5");

    /// <summary>
    /// The cached data set for <paramref name="options"/>; generated (with <paramref name="progress"/>) when missing or
    /// unreadable. <paramref name="notice"/> is told when the call waits for another process or replaces a bad file.
    /// </summary>
    /// <returns>The file's path, its contents, and whether this call generated it.</returns>
    public static (string Path, DarcyDataset Dataset, bool Generated) GetOrCreate(
        DarcyGeneratorOptions options,
        string cacheDirectory,
        string problem = "darcy",
        IProgress<(long Done, long Total)>? progress = null,
        CancellationToken cancellationToken = default,
        Action<string>? notice = null)
    {
        options.Validate();
        var path = PathFor(options, cacheDirectory, problem);
        if (TryRead(path, options, notice) is { } existing)
        {
            return (path, existing, false);
        }

        Directory.CreateDirectory(cacheDirectory);
        using var held = FileLock.Acquire(path + ".lock", cancellationToken, Poll,
            () => notice?.Invoke($"waiting for another process that is generating {path}"));
        // Whoever held the lock before us may have written the file while we waited.
        if (TryRead(path, options, notice: null) is { } written)
        {
            return (path, written, false);
        }

        var dataset = DarcyDatasetGenerator.Generate(options, progress, cancellationToken: cancellationToken);
        dataset.Write(path);
        return (path, dataset, true);
    }

    private static DarcyDataset? TryRead(string path, DarcyGeneratorOptions options, Action<string>? notice)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return DarcyDataset.Read(path, options);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // Corrupt, truncated, unreadable or from an older format: the caller replaces it (atomically).
            notice?.Invoke($"the cached data set is unreadable and will be generated again ({e.Message})");
            return null;
        }
    }
}
