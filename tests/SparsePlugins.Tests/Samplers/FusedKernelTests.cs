using SparsePlugins.Abstractions;
using SparsePlugins.Priors;
using SparsePlugins.Samplers;
using SparsePlugins.Authoring;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Samplers;

/// <summary>
/// The single-pass float32 kernels agree with the in-place tensor-operation path (which the float64 tests verify
/// against exact posteriors). Sizes are odd and above one chunk so that both threads and the scalar tail run.
/// </summary>
public sealed class FusedKernelTests
{
    private const long Size = 200_003;

    private static float[] Values(Tensor t) => t.to(float32).data<float>().ToArray();

    private static void AssertClose(float[] expected, float[] actual, double tolerance, bool fusedRounding = true)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / (1e-3 + Math.Abs(expected[i])));
        }
        Assert.True(worst < tolerance, $"largest relative difference {worst:G3}");
        // Rounding differs between one fused expression and a chain of tensor operations: identical results would
        // mean the fused path did not run.
        Assert.True(!fusedRounding || worst > 0, "the fused and reference paths gave bit-identical results");
    }

    /// <summary>
    /// Four steps of <paramref name="sampler"/> on one float32 parameter, fused kernels on or off. With
    /// <paramref name="observe"/> the sampler sees the gradient first and a prior-like term (30 sign(beta)) is added
    /// before the step, as the host does.
    /// </summary>
    private static float[] RunSampler(ISampler sampler, bool fused, bool observe = false)
    {
        using var tensorPath = fused ? null : FusedTensors.TensorPathOnly();
        using var scope = NewDisposeScope();
        using var g = new Generator(17);
        var p = new TorchSharp.Modules.Parameter(randn(new long[] { Size }, generator: g));
        sampler.Initialize([new NamedParameter("w", p)]);
        for (long k = 1; k <= 4; k++)
        {
            using var step = NewDisposeScope();
            p.grad = p.detach().Times(3).Plus(randn(new long[] { Size }, generator: g));
            if (observe)
            {
                sampler.ObserveLikelihoodGradient(new SamplerStep(k, g));
                using (no_grad()) p.grad.AddInPlace(p.detach().sign(), 30);
            }
            sampler.Step(new SamplerStep(k, g));
        }
        return Values(p);
    }

    private static PsgldSampler Psgld() => new(new PsgldOptions { StepSize = 1e-3, AlphaSchedule = AlphaSchedule.Decaying });

    // Both paths draw the same counter-based noise (the fused one in the pass, the tensor one into a buffer), so
    // they differ by rounding only.
    [Fact]
    public void Fused_psgld_step_matches_the_tensor_operations()
    {
        AssertClose(RunSampler(Psgld(), fused: false), RunSampler(Psgld(), fused: true), 1e-4);
    }

    [Fact]
    public void Fused_likelihood_preconditioned_psgld_step_matches_the_tensor_operations()
    {
        static PsgldSampler Likelihood() => new(new PsgldOptions
        {
            StepSize = 1e-3, AlphaSchedule = AlphaSchedule.Decaying, PreconditionOn = PreconditionerSource.Likelihood,
        });
        var reference = RunSampler(Likelihood(), fused: false, observe: true);
        // 5e-4: the added 30 sign(beta), divided by the likelihood's smaller D, makes steps ~10x those of the plain
        // test; float32 rounding of the step (~1e-7 absolute) shows against weights near 0 (floor 1e-3): ~1e-4.
        AssertClose(reference, RunSampler(Likelihood(), fused: true, observe: true), 5e-4);
        // and V really came from the observed gradient: the posterior preconditioner moves the weights differently.
        var posterior = RunSampler(Psgld(), fused: false, observe: true);
        Assert.True(reference.Zip(posterior).Max(pair => Math.Abs(pair.First - pair.Second)) > 1e-3);
    }

    [Fact]
    public void Fused_sgld_step_matches_the_tensor_operations()
    {
        var options = new SgldOptions { StepSize = 1e-3 };
        AssertClose(RunSampler(new SgldSampler(options), fused: false), RunSampler(new SgldSampler(options), fused: true), 1e-4);
    }

    private static (float[] Grad, float[] Rho, float[] Kappa0, float[] Kappa1, double Delta, double Sigma, long Pruned, float[] Weight) RunSsgl(bool fused)
    {
        using var tensorPath = fused ? null : FusedTensors.TensorPathOnly();
        using var scope = NewDisposeScope();
        using var g = new Generator(19);
        var w = new TorchSharp.Modules.Parameter(randn(new long[] { Size }, generator: g).Times(0.5));
        var prior = new SsglPrior(new SsglOptions { TargetSparsity = 0.3, RampBase = 0.5, RampInterval = 1 });
        prior.Initialize(new PriorSetup([new NamedParameter("w", w)], ["w"], 5000, 10));
        Tensor grad = zeros_like(w);
        for (long k = 1; k <= 4; k++)
        {
            w.grad = ones_like(w);
            prior.AddGradient();
            grad = w.grad!.clone();
            using (no_grad()) w.AddInPlace(randn(new long[] { Size }, generator: g), 0.01);
            prior.Update(new PriorUpdate(k, 4000.0, 1));
            prior.Constrain();
        }
        var layer = prior.SparseLayers[0];
        return (Values(grad), Values(layer.Rho), Values(layer.Kappa0), Values(layer.Kappa1), layer.Delta, prior.Sigma, layer.PrunedCount, Values(w));
    }

    [Fact]
    public void Fused_ssgl_gradient_and_latent_update_match_the_tensor_operations()
    {
        var reference = RunSsgl(fused: false);
        var fused = RunSsgl(fused: true);

        AssertClose(reference.Grad, fused.Grad, 1e-4);
        AssertClose(reference.Rho, fused.Rho, 1e-4);
        AssertClose(reference.Kappa0, fused.Kappa0, 1e-4);
        AssertClose(reference.Kappa1, fused.Kappa1, 1e-4, fusedRounding: false);
        Assert.Equal(reference.Delta, fused.Delta, 1e-5);
        // Pruning (radix select vs kthvalue) picks the same weights: same count, zeros in the same places.
        Assert.Equal((long)Math.Floor(0.3 * (1 - Math.Pow(0.5, 4)) * Size + 0.5), fused.Pruned);
        Assert.Equal(reference.Pruned, fused.Pruned);
        Assert.Equal(reference.Weight.Select(v => v == 0), fused.Weight.Select(v => v == 0));
        Assert.Equal(reference.Sigma, fused.Sigma, 1e-5);
    }

    private static (float[] Weight, float[] Rho, long Pruned) PruneOnly(bool fused)
    {
        using var tensorPath = fused ? null : FusedTensors.TensorPathOnly();
        using var scope = NewDisposeScope();
        using var g = new Generator(23);
        var w = new TorchSharp.Modules.Parameter(randn(new long[] { Size }, generator: g));
        var prior = new SsglPrior(new SsglOptions { TargetSparsity = 0.9, RampBase = 0.5, RampInterval = 1 });
        prior.Initialize(new PriorSetup([new NamedParameter("w", w)], ["w"], 5000, 10));
        var layer = prior.SparseLayers[0];
        // Without a latent pass before it, the fused select takes its own histogram; a second call prunes more
        // on top of an existing mask.
        layer.Prune(0.25);
        layer.Prune(0.6);
        return (Values(w), Values(layer.Rho), layer.PrunedCount);
    }

    [Fact]
    public void Fused_pruning_on_its_own_matches_the_tensor_operations()
    {
        var reference = PruneOnly(fused: false);
        var fused = PruneOnly(fused: true);

        Assert.Equal((long)Math.Floor(0.6 * Size + 0.5), fused.Pruned);
        Assert.Equal(reference.Pruned, fused.Pruned);
        Assert.Equal(reference.Weight, fused.Weight);
        Assert.Equal(reference.Rho, fused.Rho);
    }

    /// <summary>
    /// Latent pass then prune, as the prior runs them, over rates that creep up (the ramp: the candidates the latent
    /// pass lists hold every weight to prune) with one jump (they do not: the prune falls back to its own pass).
    /// </summary>
    private static (bool[][] Masks, long Pruned, long CandidatePrunes) PruneAlongARamp(bool fused)
    {
        using var tensorPath = fused ? null : FusedTensors.TensorPathOnly();
        using var scope = NewDisposeScope();
        using var g = new Generator(29);
        var w = new TorchSharp.Modules.Parameter(randn(new long[] { Size }, generator: g));
        using var layer = new SparseLayer(new NamedParameter("w", w), 0.5, 1, 1, 0.01, 1, pruning: true);
        double[] rates = [0.10, 0.1005, 0.101, 0.102, 0.104, 0.40, 0.4004, 0.401, 0.401, 0.4015];
        var masks = new List<bool[]>();
        foreach (double rate in rates)
        {
            using (no_grad()) w.AddInPlace(randn(new long[] { Size }, generator: g), 0.003);
            layer.UpdateLatents(1, 0.5, sums: false, pruneRate: rate);
            layer.Prune(rate);
            masks.Add(Values(w).Select(v => v == 0).ToArray());
        }
        return (masks.ToArray(), layer.PrunedCount, layer.CandidatePrunes);
    }

    [Fact]
    public void Pruning_from_the_latent_pass_candidates_matches_the_tensor_operations()
    {
        var reference = PruneAlongARamp(fused: false);
        var fused = PruneAlongARamp(fused: true);

        Assert.Equal(reference.Masks, fused.Masks);
        Assert.Equal((long)Math.Floor(0.4015 * Size + 0.5), fused.Pruned);
        // 10 rates, 9 distinct (one repeat prunes nothing): the first prune has no threshold yet and the jump to 0.40
        // outruns the candidates, so at most 7 can come from the list; the creeping ones should.
        Assert.InRange(fused.CandidatePrunes, 5, 7);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1000, 1)]
    [InlineData(1000, 500)]
    [InlineData(1000, 1000)]
    [InlineData(4097, 123)]
    public void Selection_finds_the_kth_smallest_with_ties(int length, int k)
    {
        var random = new Random(length + k);
        // Few distinct values, so that ties and equal pivots occur.
        var values = Enumerable.Range(0, length).Select(_ => (uint)random.Next(0, 50)).ToArray();
        var sorted = values.Order().ToArray();
        Assert.Equal(sorted[k - 1], Selection.Smallest(values, k));
    }
}
