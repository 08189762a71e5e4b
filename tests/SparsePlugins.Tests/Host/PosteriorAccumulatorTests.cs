using SparsePlugins.Abstractions;
using SparsePlugins.Host.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Host;

public sealed class PosteriorAccumulatorTests
{
    [Fact]
    public void Running_mean_variance_and_average_prediction_match_direct_computation()
    {
        var draws = new[] { new[] { 1.0, -2.0 }, new[] { 3.0, 0.5 }, new[] { -1.0, 4.0 }, new[] { 2.5, 1.0 } };
        using var accumulator = new PosteriorAccumulator(keepSamples: true);
        using var parameter = new TorchSharp.Modules.Parameter(zeros(2, dtype: ScalarType.Float64));
        var parameters = new[] { new NamedParameter("w", parameter) };
        var empty = new Dictionary<string, IReadOnlyDictionary<string, Tensor>>();

        foreach (var draw in draws)
        {
            using (no_grad()) parameter.copy_(tensor(draw));
            using var prediction = tensor(draw).Times(2);
            accumulator.Add(chain: 0, parameters, empty, prediction);
        }

        for (int j = 0; j < 2; j++)
        {
            var column = draws.Select(d => d[j]).ToArray();
            double mean = column.Average();
            double variance = column.Sum(x => (x - mean) * (x - mean)) / (column.Length - 1);
            Assert.Equal(mean, accumulator.Mean["w"][j].item<double>(), 12);
            Assert.Equal(variance, accumulator.Variance()["w"][j].item<double>(), 12);
            Assert.Equal(2 * mean, accumulator.AveragePrediction![j].item<double>(), 12);
        }
        var samples = accumulator.Samples()!["w"];
        Assert.Equal(new long[] { 4, 2 }, samples.shape);
        Assert.Equal(-1.0, samples[2, 0].item<double>());
        var flat = accumulator.FlatSamples()!.Value;
        Assert.Equal(["w[0]", "w[1]"], flat.Columns);
    }
}
