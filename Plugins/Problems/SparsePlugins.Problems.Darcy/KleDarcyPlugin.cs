using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// The Darcy surrogate problem on KLE permeability, plus the <c>generate</c>, <c>solve</c> and <c>predict</c> commands.
/// Data sets are cached by a hash of the generator options, reused when valid and regenerated when missing or corrupt.
/// </summary>
[Plugin(PluginKind.Problem, "kle-darcy", "Darcy flow surrogate: KLE permeability -> RT0 velocity (paper Section 6.2)",
    OptionsType = typeof(KleDarcyOptions))]
public sealed class KleDarcyPlugin : ProblemPlugin<KleDarcyOptions>, IDatasetGenerator, IFieldSolver, ISurrogatePredictor, IComparisonReporter
{
    protected override IProblem Create(KleDarcyOptions options, PluginContext context)
    {
        var logger = context.LoggerFactory.CreateLogger<KleDarcyPlugin>();
        return Guard(() =>
        {
            if (options.DatasetFile is { } file)
            {
                var path = Path.GetFullPath(file);
                if (!File.Exists(path))
                {
                    throw new InvalidInputException($"kle-darcy: DatasetFile '{file}' does not exist. Write one with " +
                        "`generate --problem kle-darcy --samples N --out FILE`, or remove DatasetFile to use the cache.");
                }
                var read = DarcyDataset.Read(path);
                logger.LogInformation("kle-darcy: read {Samples} samples from {Path}", read.Samples, path);
                return new KleDarcyProblem(options, read, path);
            }
            var clock = Stopwatch.StartNew();
            var (cached, data, generated) = DarcyDatasetCache.GetOrCreate(options.ToGenerator(), context.CacheDirectory,
                "kle-darcy", Progress(context), context.Cancellation);
            logger.LogInformation("kle-darcy: {What} {Samples} samples at {Path} in {Seconds:F1} s",
                generated ? "generated" : "reused", data.Samples, cached, clock.Elapsed.TotalSeconds);
            return new KleDarcyProblem(options, data, cached);
        });
    }

    public string Generate(object options, PluginContext context, int samples, string outputFile)
    {
        var typed = (KleDarcyOptions)options;
        return Guard(() =>
        {
            var clock = Stopwatch.StartNew();
            var generator = typed.ToGenerator(samples);
            var data = DarcyDatasetGenerator.Generate(generator, Progress(context), cancellationToken: context.Cancellation);
            Directory.CreateDirectory(Path.GetDirectoryName(outputFile)!);
            data.Write(outputFile);
            return $"Wrote {samples} samples (N = {generator.N}, KLE{generator.Terms} {generator.Form}, " +
                   $"{100 * data.VarianceKept:F2}% of the variance kept) to {outputFile} in {clock.Elapsed.TotalSeconds:F1} s.";
        });
    }

    public IReadOnlyList<string> Solve(object options, PluginContext context, string inputFile, string outputDirectory)
    {
        var typed = (KleDarcyOptions)options;
        return Guard(() => SolutionCsv.Solve(inputFile, outputDirectory, typed.Source, typed.PressureLeft, typed.PressureRight));
    }

    /// <summary>The <c>predict</c> command: <see cref="DarcyPredictor"/> on a saved ensemble (docs/darcy.md).</summary>
    public IReadOnlyList<string> Predict(object options, PluginContext context, SurrogateQuery query) =>
        Guard(() => DarcyPredictor.Predict(query, context.Cancellation));

    /// <summary>
    /// The paper's Table 1 (table1.md, table1.csv) and learning curves from every finished kle-darcy run in the output
    /// folder, so a sweep run in parts still gives one table.
    /// </summary>
    public IReadOnlyList<string> Compare(IReadOnlyList<RunResult> results, string outputDirectory)
    {
        Table1Report.Write(outputDirectory);
        var written = new List<string> { Path.Combine(outputDirectory, "table1.md"), Path.Combine(outputDirectory, "table1.csv") };
        written.AddRange(DarcyRunFigures.LearningCurves(outputDirectory));
        return written;
    }

    private static IProgress<(long Done, long Total)>? Progress(PluginContext context) => context.Progress is { } progress
        ? new Progress<(long Done, long Total)>(p => progress.Report(new ProgressReport("kle-darcy samples", p.Done, p.Total)))
        : null;

    /// <summary>Turns the library's input errors into the host's "bad input" (exit code 2) with the library's message.</summary>
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FileNotFoundException or FormatException
                                      or InvalidOperationException)
        {
            throw new InvalidInputException("kle-darcy: " + e.Message, e);
        }
    }
}
