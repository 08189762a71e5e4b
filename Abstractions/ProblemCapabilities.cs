namespace SparsePlugins.Abstractions;

// Optional capabilities a problem plugin (the factory) may add. The host discovers them with a type test, so a
// problem that lacks one simply does not offer the command.

/// <summary>Backs the <c>generate</c> command: writes a data set for the given options to a file.</summary>
public interface IDatasetGenerator
{
    /// <returns>A one-line description of what was written.</returns>
    string Generate(object options, PluginContext context, int samples, string outputFile);
}

/// <summary>
/// Backs <c>generate --shard i/n</c> and <c>merge</c>: a data set generated in n shares by n processes and joined into
/// exactly the data set one <c>generate</c> would write.
/// </summary>
public interface IShardedDatasetGenerator : IDatasetGenerator
{
    /// <summary>Writes share <paramref name="shardIndex"/> (from 0) of <paramref name="shardCount"/> of the data set of <paramref name="samples"/>.</summary>
    /// <returns>A one-line description of what was written.</returns>
    string GenerateShard(object options, PluginContext context, int samples, int shardIndex, int shardCount, string outputFile);

    /// <summary>Joins shard files (any order) into one data set.</summary>
    /// <returns>A one-line description of what was written.</returns>
    string Merge(IReadOnlyList<string> shardFiles, string outputFile);
}

/// <summary>Backs the <c>solve</c> command: solves one input read from a file and writes the solution to a folder.</summary>
public interface IFieldSolver
{
    /// <returns>The paths written.</returns>
    IReadOnlyList<string> Solve(object options, PluginContext context, string inputFile, string outputDirectory);
}

/// <summary>Writes cross-run outputs (figures that overlay several runs of this problem) into the output folder.</summary>
public interface IComparisonReporter
{
    /// <param name="results">The runs of this problem the current command finished; empty for the <c>report</c>
    /// command, which has only the run folders: then write what the folders alone give (or nothing).</param>
    /// <param name="outputDirectory">The Output folder, holding one folder per run (with its summary.json).</param>
    /// <returns>The paths written.</returns>
    IReadOnlyList<string> Compare(IReadOnlyList<RunResult> results, string outputDirectory);
}
