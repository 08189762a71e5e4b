using SparsePlugins.Samplers;
using SparsePlugins.Authoring;
using SparsePlugins.Testing;
using Xunit.Abstractions;

namespace SparsePlugins.Tests.Samplers;

/// <summary>
/// What the conformance kit's Gaussian cases (SamplerConformance, run for every shipped sampler in
/// Conformance/ShippedPluginConformance.cs) do not cover: how much a constant preconditioner weight biases pSGLD.
/// </summary>
public sealed class SamplerGaussianTests(ITestOutputHelper output)
{
    private static readonly double[] IllMean = [1.0, 0.02];
    private static readonly double[] IllSd = [1.0, 0.01];

    [Fact]
    public void Constant_preconditioner_weight_biases_the_slow_variance_more_than_the_decaying_one()
    {
        // The paper's motivation for a_k -> 1 (Section 4): dropping Gamma with a constant a leaves a bias. On the
        // ill-conditioned target the constant a = 0.99 nearly doubles the slow coordinate's variance.
        using var target = GaussianTarget.Diagonal(IllMean, IllSd);

        var constant = GaussianChains.Run(new PsgldSampler(new PsgldOptions { StepSize = 1e-3 }),
            target, new GaussianRun(Chains: 200, BurnIn: 4000, Keep: 8000, Thin: 50), seed: 15);
        var decaying = GaussianChains.Run(new PsgldSampler(new PsgldOptions { StepSize = 1e-3, AlphaSchedule = AlphaSchedule.Decaying }),
            target, new GaussianRun(Chains: 200, BurnIn: 4000, Keep: 8000, Thin: 50), seed: 15);

        output.WriteLine($"slow variance: constant a {constant.Variance[0]:F4}, decaying a {decaying.Variance[0]:F4}");
        double constantError = Math.Abs(constant.Variance[0] - 1);
        double decayingError = Math.Abs(decaying.Variance[0] - 1);
        Assert.True(constantError > 0.3, $"constant a: slow variance {constant.Variance[0]:F3}");
        Assert.True(decayingError < constantError / 2, $"decaying {decaying.Variance[0]:F3} vs constant {constant.Variance[0]:F3}");
    }
}
