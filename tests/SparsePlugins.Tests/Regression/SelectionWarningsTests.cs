using SparsePlugins.Abstractions;
using SparsePlugins.Problems.Regression;

namespace SparsePlugins.Tests.Regression;

/// <summary>The undecided-inclusion warning names each coefficient with its Monte Carlo error when the run has one.</summary>
public sealed class SelectionWarningsTests
{
    [Fact]
    public void An_undecided_coefficient_is_listed_with_its_monte_carlo_error()
    {
        var warnings = SelectionWarnings.Check(Posterior([0.99, 0.47, 0.02], [0.001, 0.083, 0.004]), Result());

        var warning = Assert.Single(warnings);
        Assert.Equal("inclusion", warning.Quantity);
        Assert.Contains("b2 0.47 +- 0.08", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("b1", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_error_the_value_stands_alone()
    {
        var warning = Assert.Single(SelectionWarnings.Check(Posterior([0.99, 0.47], null), Result()));

        Assert.Contains("b2 0.47:", warning.Message, StringComparison.Ordinal);
    }

    private static CoefficientPosterior Posterior(double[] inclusion, double[]? error) => new()
    {
        Mean = new double[inclusion.Length],
        Sd = new double[inclusion.Length],
        Lower = new double[inclusion.Length],
        Upper = new double[inclusion.Length],
        IntervalMethod = "samples",
        Inclusion = inclusion,
        InclusionMcse = error,
        Selected = [1],
    };

    private static RunResult Result() => new()
    {
        RunName = "r",
        Method = "m",
        RunDirectory = ".",
        PosteriorMean = new Dictionary<string, TorchSharp.torch.Tensor>(),
        PosteriorVariance = new Dictionary<string, TorchSharp.torch.Tensor>(),
        History = new Dictionary<string, IReadOnlyList<double>>(),
        SampleCount = 0,
    };
}
