using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// The two halves of one Langevin update of a chain (or of a replica at a temperature): the likelihood's gradient,
/// then the prior's gradient, the sampler's step, the prior's latent update and its constraints. Written once for the
/// chain and its hot replicas.
/// </summary>
public static class ChainStep
{
    /// <summary>
    /// Fills every parameter's grad with the gradient of the negative log-likelihood of (x, y), scaled by
    /// <paramref name="batchScale"/> = N / n to the full data set. Returns the prediction (for the latent update) and
    /// the scaled loss.
    /// </summary>
    public static (Tensor Prediction, double Loss) LikelihoodGradient(ChainPlugins plugins, Tensor x, Tensor y, double batchScale)
    {
        foreach (var p in plugins.Parameters) p.Parameter.grad = null;
        var prediction = plugins.Network.Module.forward(x);
        var noise = plugins.Prior.NoiseVariance ?? plugins.Problem.NoiseVariance;
        // Explicit, scoped Scalars: an implicit double -> Scalar conversion can be finalised by the GC
        // while libtorch still reads it (TorchSharp issue), which corrupts the call at random.
        using var scaleScalar = batchScale.ToScalar();
        var loss = plugins.Problem.NegativeLogLikelihood(prediction, y, noise).mul(scaleScalar);
        loss.backward();
        return (prediction, loss.ReadDouble());
    }

    /// <summary>
    /// Adds the prior's gradient, steps the sampler on exp(-U / <paramref name="temperature"/>) (the gradient of U divided
    /// by T: every sampler that targets exp(-U) from grad U then targets the tempered density), and updates the prior's
    /// latent variables from the new parameters and the residuals of <paramref name="prediction"/>.
    /// </summary>
    public static void Move(ChainPlugins plugins, Tensor prediction, Tensor y, double batchScale, long k, Generator generator,
        double temperature = 1)
    {
        var (problem, _, prior, sampler) = plugins;
        using (no_grad()) sampler.ObserveLikelihoodGradient(new SamplerStep(k, generator));
        prior.AddGradient();
        if (temperature != 1) Temper(plugins.Parameters, temperature);
        // The host opens no_grad around the step (a sampler may open it again): an update never enters the graph.
        using (no_grad()) sampler.Step(new SamplerStep(k, generator));
        double sse;
        using (no_grad())
        {
            sse = problem.ResidualSumOfSquares(prediction.detach(), y) * batchScale;
        }
        prior.Update(new PriorUpdate(k, sse, problem.Shape.OutputSize));
        prior.Constrain();
    }

    private static void Temper(IReadOnlyList<NamedParameter> parameters, double temperature)
    {
        using var _ = no_grad();
        using var inverse = (1 / temperature).ToScalar();
        foreach (var p in parameters) p.Parameter.grad?.mul_(inverse);
    }

    public static DivergenceException Diverged(string run, int chain, long k, string what) => new(
        $"Run '{run}', chain {chain} diverged at iteration {k}: {what}. Lower the sampler's step size " +
        "(Sampler:Options:StepSize), raise the batch size, or check the data for extreme values. " +
        "Metrics up to the previous epoch are kept in the run folder.");
}
