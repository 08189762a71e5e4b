using SparsePlugins.Abstractions;
using SparsePlugins.Problems.Regression;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Regression;

/// <summary>The inclusion probabilities' Monte Carlo standard error, from the kept chains' spread.</summary>
public sealed class InclusionStandardErrorTests
{
    [Fact]
    public void The_error_is_the_spread_of_the_kept_chains_over_root_k()
    {
        using var scope = NewDisposeScope();
        // Kept chains at 0.2, 0.4, 0.6: sample variance 0.04, error sqrt(0.04 / 3); the left-out chain at 0.9 is ignored.
        var result = Result(Chain(0, true, 0.2, 1), Chain(1, true, 0.4, 1), Chain(2, true, 0.6, 1), Chain(3, false, 0.9, 0));

        var error = InclusionStandardError.Of(result, "weight", 2)!;

        Assert.Equal(Math.Sqrt(0.04 / 3), error[0], 12);
        Assert.Equal(0, error[1], 12);
    }

    [Fact]
    public void One_kept_chain_has_no_error_estimate()
    {
        using var scope = NewDisposeScope();
        var result = Result(Chain(0, true, 0.2, 1), Chain(1, false, 0.4, 1));

        Assert.Null(InclusionStandardError.Of(result, "weight", 2));
    }

    private static ChainPosterior Chain(int index, bool kept, double b1, double b2) => new()
    {
        Chain = index,
        Kept = kept,
        SampleCount = 10,
        PosteriorMean = new Dictionary<string, Tensor> { ["weight"] = tensor(new[] { 0.0, 0.0 }) },
        WeightStatistics = new Dictionary<string, IReadOnlyDictionary<string, Tensor>>
        {
            ["inclusion"] = new Dictionary<string, Tensor> { ["weight"] = tensor(new[] { b1, b2 }) },
        },
    };

    private static RunResult Result(params ChainPosterior[] chains) => new()
    {
        RunName = "r",
        Method = "m",
        RunDirectory = ".",
        PosteriorMean = new Dictionary<string, Tensor>(),
        PosteriorVariance = new Dictionary<string, Tensor>(),
        History = new Dictionary<string, IReadOnlyList<double>>(),
        SampleCount = 40,
        Chains = chains,
    };
}
