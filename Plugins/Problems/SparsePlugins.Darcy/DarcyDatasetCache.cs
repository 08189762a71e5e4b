namespace SparsePlugins.Darcy;

/// <summary>
/// Keeps generated data sets in a folder under names derived from their options, so that a run reuses a data set
/// generated earlier with the same options and regenerates one that is missing or unreadable.
/// </summary>
public static class DarcyDatasetCache
{
    /// <summary><c>cacheDirectory/problem-HASH16.h5</c>, HASH16 the first 16 hex digits of the options hash.</summary>
    public static string PathFor(DarcyGeneratorOptions options, string cacheDirectory, string problem = "darcy") =>
        Path.Combine(cacheDirectory, $"{problem}-{options.Hash()[..16]}.h5");

    /// <returns>The file's path, its contents, and whether it had to be generated.</returns>
    public static (string Path, DarcyDataset Dataset, bool Generated) GetOrCreate(
        DarcyGeneratorOptions options,
        string cacheDirectory,
        string problem = "darcy",
        IProgress<(long Done, long Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        var path = PathFor(options, cacheDirectory, problem);
        if (File.Exists(path))
        {
            try
            {
                return (path, DarcyDataset.Read(path, options), false);
            }
            catch (InvalidDataException)
            {
                // Corrupt, truncated or from an older format: fall through and replace it.
            }
        }

        var dataset = DarcyDatasetGenerator.Generate(options, progress, cancellationToken: cancellationToken);
        dataset.Write(path);
        return (path, dataset, true);
    }
}
