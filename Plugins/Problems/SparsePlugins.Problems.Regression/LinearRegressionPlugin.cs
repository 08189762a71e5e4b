using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Regression;

[Plugin(PluginKind.Problem, "linear-regression", "Small-n-large-p linear regression (paper Section 6.1), synthetic or from CSV",
    OptionsType = typeof(LinearRegressionOptions))]
public sealed class LinearRegressionPlugin : ProblemPlugin<LinearRegressionOptions>, IComparisonReporter, IDatasetGenerator,
    IPublishesRecipes
{
    public IReadOnlyList<Recipe> Recipes => Section61Recipes.All;

    protected override IProblem Create(LinearRegressionOptions options, PluginContext context)
    {
        var logger = context.LoggerFactory.CreateLogger<LinearRegressionProblem>();
        if (options.TrainFile is { } trainFile)
        {
            var (x, y) = ReadCsv(trainFile, nameof(options.TrainFile));
            var (xt, yt) = ReadCsv(options.TestFile!, nameof(options.TestFile));
            if (xt.GetLength(1) != x.GetLength(1))
            {
                throw new InvalidInputException(
                    $"TestFile '{Path.GetFullPath(options.TestFile!)}' has {xt.GetLength(1)} predictors but TrainFile " +
                    $"'{Path.GetFullPath(trainFile)}' has {x.GetLength(1)}. Both files need the same columns x1..xp,y.");
            }
            logger.LogInformation("Regression data from CSV: {Train} training and {Test} test rows, {P} predictors",
                x.GetLength(0), xt.GetLength(0), x.GetLength(1));
            return new LinearRegressionProblem(options, x, y, xt, yt, null, logger, context.Device);
        }
        var (xs, ys) = SyntheticRegressionData.Draw(options, options.Observations, options.DataSeed);
        var (xst, yst) = SyntheticRegressionData.Draw(options, options.TestObservations, options.TestSeed);
        return new LinearRegressionProblem(options, xs, ys, xst, yst, SyntheticRegressionData.TrueCoefficients(options), logger,
            context.Device);
    }

    /// <summary>A missing or malformed data file is the user's input to fix: the host reports it with exit code 2.</summary>
    private static (double[,] X, double[] Y) ReadCsv(string path, string option)
    {
        try
        {
            return RegressionCsv.Read(path, option);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            throw new InvalidInputException(e.Message, e);
        }
    }

    /// <summary>Posterior densities of b_1, b_2 and the test-error histories of all runs, overlaid.</summary>
    /// <remarks>For the report command (no results in memory) the completed runs are read back from their folders.</remarks>
    public IReadOnlyList<string> Compare(IReadOnlyList<RunResult> results, string outputDirectory)
    {
        if (results.Count > 0) return FigureOutput.Render(ComparisonFigures.Describe(results, outputDirectory), null);
        var fromFolders = RunFolderResults.Read(outputDirectory);
        try
        {
            return fromFolders.Count == 0 ? [] : FigureOutput.Render(ComparisonFigures.Describe(fromFolders, outputDirectory), null);
        }
        finally
        {
            RunFolderResults.Dispose(fromFolders);
        }
    }

    /// <summary>
    /// Writes <paramref name="samples"/> synthetic rows drawn with DataSeed as a CSV that TrainFile/TestFile accept;
    /// with <c>--samples</c> = Observations (TestObservations) and DataSeed (TestSeed) it reproduces the training
    /// (test) data of a synthetic run exactly.
    /// </summary>
    public string Generate(object options, PluginContext context, int samples, string outputFile)
    {
        var typed = (LinearRegressionOptions)options;
        if (!string.Equals(Path.GetExtension(outputFile), ".csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException($"linear-regression: generate writes CSV; '{outputFile}' does not end in .csv. " +
                                            "Name the output file *.csv.");
        }
        var (x, y) = SyntheticRegressionData.Draw(typed, samples, typed.DataSeed);
        RegressionCsv.Write(outputFile, x, y);
        return $"Wrote {samples} rows of x1..x{typed.Predictors},y (DataSeed {typed.DataSeed}) to {outputFile}";
    }
}
