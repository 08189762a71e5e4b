using System.Globalization;
using System.Text.Json;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>Small linear-regression runs and readers for what they write.</summary>
public static class RegressionRuns
{
    /// <summary>n = 50, p = 10, 30 test rows (RunConfig.Regression), with extra problem options.</summary>
    public static Dictionary<string, object?> Run(string name, Dictionary<string, object?>? problemOptions = null,
        int epochs = 300, int burnIn = 100, int thinning = 2, long seed = 3)
    {
        var run = RunConfig.Regression(name, epochs: epochs, burnIn: burnIn, seed: seed);
        var options = (Dictionary<string, object?>)((Dictionary<string, object?>)run["Problem"]!)["Options"]!;
        foreach (var (key, value) in problemOptions ?? new()) options[key] = value;
        ((Dictionary<string, object?>)run["Training"]!)["Thinning"] = thinning;
        return run;
    }

    /// <summary>A run that reads its data from CSV files instead of drawing it.</summary>
    public static Dictionary<string, object?> CsvRun(string name, string trainFile, string testFile, int epochs = 300, int burnIn = 100)
    {
        var run = Run(name, epochs: epochs, burnIn: burnIn);
        ((Dictionary<string, object?>)run["Problem"]!)["Options"] = new Dictionary<string, object?>
        {
            ["TrainFile"] = trainFile,
            ["TestFile"] = testFile,
        };
        return run;
    }

    public static string Directory(TempDirectory temp, string run) => Path.Combine(temp.File("out"), run);

    public static JsonElement Summary(TempDirectory temp, string run)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory(temp, run), "summary.json")));
        return document.RootElement.Clone();
    }

    public static double[] Doubles(JsonElement element) => element.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static int[] Ints(JsonElement element) => element.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>samples.csv as [sample][coefficient] for the columns weight[0..].</summary>
    public static double[][] WeightSamples(TempDirectory temp, string run)
    {
        var lines = File.ReadAllLines(Path.Combine(Directory(temp, run), "samples.csv"));
        var header = lines[0].Split(',');
        var columns = Enumerable.Range(0, header.Length).Where(i => header[i].StartsWith("weight[", StringComparison.Ordinal)).ToArray();
        return lines.Skip(1).Select(l =>
        {
            var cells = l.Split(',');
            return columns.Select(c => double.Parse(cells[c], CultureInfo.InvariantCulture)).ToArray();
        }).ToArray();
    }
}
