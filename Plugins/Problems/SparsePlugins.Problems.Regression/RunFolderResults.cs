using System.Globalization;
using System.Text.Json;
using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// The completed linear-regression runs of an output folder as <see cref="RunResult"/>s, rebuilt from their files
/// (summary.json: posterior mean and sd; samples.csv: the kept weights; metrics.csv: the histories), so that the
/// <c>report</c> command draws the same cross-run figures as <c>run</c> without anything in memory. A folder that
/// cannot be read is left out. The caller disposes the results' tensors.
/// </summary>
public static class RunFolderResults
{
    public const string Problem = "linear-regression";

    public static IReadOnlyList<RunResult> Read(string outputDirectory) => Directory.Exists(outputDirectory)
        ? Directory.EnumerateDirectories(outputDirectory).Order(StringComparer.Ordinal).Select(TryRead).OfType<RunResult>().ToList()
        : [];

    public static void Dispose(IEnumerable<RunResult> results)
    {
        foreach (var result in results)
        {
            foreach (var tensor in result.PosteriorMean.Values.Concat(result.PosteriorVariance.Values)
                         .Concat(result.Samples?.Values ?? [])) tensor.Dispose();
        }
    }

    private static RunResult? TryRead(string directory)
    {
        try
        {
            var path = Path.Combine(directory, RunSummaryFile.FileName);
            if (!File.Exists(path)) return null;
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.GetProperty("problem").GetString() != Problem || root.GetProperty("status").GetString() != "Completed") return null;
            var mean = Doubles(root.GetProperty("posteriorMean"));
            var variance = Doubles(root.GetProperty("posteriorSd")).Select(s => s * s).ToArray();
            var samples = Samples(Path.Combine(directory, "samples.csv"), mean.Length);
            return new RunResult
            {
                RunName = root.GetProperty("run").GetString()!,
                Method = root.GetProperty("method").GetString()!,
                RunDirectory = directory,
                PosteriorMean = new Dictionary<string, Tensor> { [CoefficientPosterior.WeightName] = tensor(mean) },
                PosteriorVariance = new Dictionary<string, Tensor> { [CoefficientPosterior.WeightName] = tensor(variance) },
                Samples = samples is null ? null : new Dictionary<string, Tensor> { [CoefficientPosterior.WeightName] = samples },
                History = new Dictionary<string, IReadOnlyList<double>>(),
                SampleCount = root.GetProperty("samples").GetInt32(),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException or FormatException)
        {
            return null;
        }
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>samples.csv's weight columns, [samples, p]; null when the run kept none.</summary>
    private static Tensor? Samples(string path, int p)
    {
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return null;
        var values = new double[lines.Count * p];
        for (int i = 0; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',');
            // Column 0 is the chain; the weights follow in order.
            for (int j = 0; j < p; j++) values[(long)i * p + j] = double.Parse(cells[1 + j], CultureInfo.InvariantCulture);
        }
        return tensor(values, [lines.Count, p]);
    }
}
