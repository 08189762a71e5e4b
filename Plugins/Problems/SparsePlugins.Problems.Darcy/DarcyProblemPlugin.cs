using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// What the Darcy surrogate problems share: a data set from a file or from the cache (keyed by a hash of the generator
/// options, reused when valid, regenerated when missing or corrupt), and the <c>generate</c>, <c>solve</c>,
/// <c>predict</c> commands and the paper-table comparison. A problem says only how its options become generator options.
/// </summary>
public abstract class DarcyProblemPlugin<TOptions> : ProblemPlugin<TOptions>, IShardedDatasetGenerator, IFieldSolver, ISurrogatePredictor,
    IComparisonReporter
    where TOptions : DarcySurrogateOptions
{
    /// <summary>The plugin's name, for messages and cache files.</summary>
    protected abstract string Name { get; }

    /// <summary>The table this problem's runs reproduce.</summary>
    protected abstract PaperTable Table { get; }

    /// <summary>Generator options (every sample when <paramref name="samples"/> is null).</summary>
    /// <exception cref="InvalidInputException">An input the options name is missing or unreadable.</exception>
    protected abstract DarcyGeneratorOptions ToGenerator(TOptions options, int? samples = null);

    private DarcySurrogateSettings Settings(TOptions options) =>
        new(Name, options.NoiseVariance, options.ValidationSamples, options.TestSamples);

    protected override IProblem Create(TOptions options, PluginContext context)
    {
        var logger = context.LoggerFactory.CreateLogger(GetType());
        return Guard(() =>
        {
            if (options.DatasetFile is { } file)
            {
                var path = Path.GetFullPath(file);
                if (!File.Exists(path))
                {
                    throw new InvalidInputException($"{Name}: DatasetFile '{file}' does not exist. Write one with " +
                        $"`generate --problem {Name} --samples N --out FILE`, or remove DatasetFile to use the cache.");
                }
                var read = DarcyDataset.Read(path);
                logger.LogInformation("{Problem}: read {Samples} samples from {Path}", Name, read.Samples, path);
                return new DarcySurrogateProblem(Settings(options), read, path, context.Device);
            }
            var clock = Stopwatch.StartNew();
            var (cached, data, generated) = DarcyDatasetCache.GetOrCreate(ToGenerator(options), context.CacheDirectory,
                Name, Progress(context), context.Cancellation, notice => logger.LogWarning("{Problem}: {Notice}", Name, notice));
            logger.LogInformation("{Problem}: {What} {Samples} samples at {Path} in {Seconds:F1} s", Name,
                generated ? "generated" : "reused", data.Samples, cached, clock.Elapsed.TotalSeconds);
            return new DarcySurrogateProblem(Settings(options), data, cached, context.Device);
        });
    }

    public string Generate(object options, PluginContext context, int samples, string outputFile) =>
        GenerateShard(options, context, samples, 0, 1, outputFile);

    public string GenerateShard(object options, PluginContext context, int samples, int shardIndex, int shardCount,
        string outputFile) => Guard(() =>
    {
        RequireHdf5(outputFile);
        var clock = Stopwatch.StartNew();
        var generator = DarcyDatasetShards.Shard(ToGenerator((TOptions)options, samples), shardIndex, shardCount);
        var data = DarcyDatasetGenerator.Generate(generator, Progress(context), cancellationToken: context.Cancellation);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputFile))!);
        data.Write(outputFile);
        var which = shardCount == 1 ? "" : $" (shard {shardIndex}/{shardCount}: samples {generator.FirstSample} to " +
                                           $"{generator.FirstSample + generator.Samples - 1} of {samples})";
        return $"Wrote {data.Samples} samples{which} (N = {generator.N}, {Describe(generator, data)}) to {outputFile} in " +
               $"{clock.Elapsed.TotalSeconds:F1} s.";
    });

    public string Merge(IReadOnlyList<string> shardFiles, string outputFile) => Guard(() =>
    {
        RequireHdf5(outputFile);
        var merged = DarcyDatasetShards.Merge(shardFiles.Select(f => (f, DarcyDataset.Read(f))).ToList());
        merged.Write(outputFile);
        return $"Merged {shardFiles.Count} shard(s) into {merged.Samples} samples (options hash {merged.Options.Hash()[..16]}) in {outputFile}.";
    });

    private void RequireHdf5(string outputFile)
    {
        if (Path.GetExtension(outputFile).ToLowerInvariant() is not (".h5" or ".hdf5"))
        {
            throw new InvalidInputException($"{Name}: data sets are HDF5; '{outputFile}' does not end in .h5 or .hdf5. " +
                                            "Name the output file *.h5.");
        }
    }

    /// <summary>Solves the given field with the problem's source and boundary pressures; the field options play no part.</summary>
    public IReadOnlyList<string> Solve(object options, PluginContext context, string inputFile, string outputDirectory)
    {
        var typed = (TOptions)options;
        return Guard(() => SolutionCsv.Solve(inputFile, outputDirectory, typed.Source, typed.PressureLeft, typed.PressureRight));
    }

    /// <summary>The <c>predict</c> command: <see cref="DarcyPredictor"/> on a saved ensemble (docs/darcy.md).</summary>
    public IReadOnlyList<string> Predict(object options, PluginContext context, SurrogateQuery query) =>
        Guard(() => DarcyPredictor.Predict(query, context.Cancellation));

    /// <summary>
    /// The paper's table (markdown and CSV) and learning curves from every finished run of this problem in the output
    /// folder, so a sweep run in parts still gives one table.
    /// </summary>
    public IReadOnlyList<string> Compare(IReadOnlyList<RunResult> results, string outputDirectory)
    {
        PaperTableReport.Write(Table, outputDirectory);
        var written = new List<string>
        {
            Path.Combine(outputDirectory, Table.FileStem + ".md"), Path.Combine(outputDirectory, Table.FileStem + ".csv"),
        };
        written.AddRange(DarcyRunFigures.LearningCurves(Table, outputDirectory));
        return written;
    }

    private static string Describe(DarcyGeneratorOptions generator, DarcyDataset data) => generator.Channels is { } channels
        ? $"{channels.Source} channel fields, kappa {channels.ChannelPermeability:g3} / {channels.BackgroundPermeability:g3}"
        : $"KLE{generator.Terms} {generator.Form}, {100 * data.VarianceKept:F2}% of the variance kept";

    private IProgress<(long Done, long Total)>? Progress(PluginContext context) => context.Progress is { } progress
        ? new Progress<(long Done, long Total)>(p => progress.Report(new ProgressReport($"{Name} samples", p.Done, p.Total)))
        : null;

    /// <summary>Turns the library's input errors into the host's "bad input" (exit code 2) with the library's message.</summary>
    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FileNotFoundException or FormatException
                                      or InvalidOperationException)
        {
            throw new InvalidInputException($"{Name}: " + e.Message, e);
        }
    }
}
