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

    [Fact]
    public void Merging_chain_accumulators_equals_adding_every_sample_to_one()
    {
        var draws = new[] { new[] { 1.0, -2.0 }, new[] { 3.0, 0.5 }, new[] { -1.0, 4.0 }, new[] { 2.5, 1.0 }, new[] { 0.2, -0.7 } };
        int[] chainOf = [0, 0, 1, 2, 2];
        using var parameter = new TorchSharp.Modules.Parameter(zeros(2, dtype: ScalarType.Float64));
        var parameters = new[] { new NamedParameter("w", parameter) };
        using var pooled = new PosteriorAccumulator(keepSamples: true);
        var parts = Enumerable.Range(0, 3).Select(_ => new PosteriorAccumulator(keepSamples: true)).ToList();
        for (int i = 0; i < draws.Length; i++)
        {
            using (no_grad()) parameter.copy_(tensor(draws[i]));
            using var prediction = tensor(draws[i]).Times(3);
            using var rho = tensor(draws[i]).abs();
            var statistics = new Dictionary<string, IReadOnlyDictionary<string, Tensor>>
            {
                ["inclusion"] = new Dictionary<string, Tensor> { ["w"] = rho },
            };
            pooled.Add(chainOf[i], parameters, statistics, prediction);
            parts[chainOf[i]].Add(chainOf[i], parameters, statistics, prediction);
        }

        // Chain 1 left out, as chain selection would: the merge must equal pooling chains 0 and 2 only.
        using var subset = new PosteriorAccumulator(keepSamples: true);
        using var merged = PosteriorAccumulator.Merge([parts[0], parts[2]], keepSamples: true);
        using var all = PosteriorAccumulator.Merge(parts, keepSamples: true);
        var kept = new[] { 0, 1, 3, 4 };
        for (int j = 0; j < 2; j++)
        {
            var column = kept.Select(i => draws[i][j]).ToArray();
            double mean = column.Average();
            double variance = column.Sum(x => (x - mean) * (x - mean)) / (column.Length - 1);
            Assert.Equal(mean, merged.Mean["w"][j].item<double>(), 12);
            Assert.Equal(variance, merged.Variance()["w"][j].item<double>(), 12);
            Assert.Equal(3 * mean, merged.AveragePrediction![j].item<double>(), 12);
            Assert.Equal(kept.Average(i => Math.Abs(draws[i][j])), merged.StatisticMeans()["inclusion"]["w"][j].item<double>(), 12);

            Assert.Equal(pooled.Mean["w"][j].item<double>(), all.Mean["w"][j].item<double>(), 12);
            Assert.Equal(pooled.Variance()["w"][j].item<double>(), all.Variance()["w"][j].item<double>(), 12);
            Assert.Equal(pooled.AveragePrediction![j].item<double>(), all.AveragePrediction![j].item<double>(), 12);
        }
        Assert.Equal(4, merged.Count);
        Assert.Equal([0, 0, 2, 2], merged.SampleChains);
        Assert.Equal(-0.7, merged.FlatSamples()!.Value.Rows[3][1]);
        foreach (var part in parts) part.Dispose();
    }
}
