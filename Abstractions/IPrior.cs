using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>
/// A prior over the network's parameters, including any latent variables it adapts (stochastic approximation)
/// and any pruning. The trainer calls, per iteration: <see cref="AddGradient"/> after the likelihood's backward
/// pass, the sampler's step, then <see cref="Update"/> and <see cref="Constrain"/>.
/// </summary>
public interface IPrior
{
    /// <summary>Binds the prior to the parameters and creates its latent state.</summary>
    void Initialize(PriorSetup setup);

    /// <summary>Adds the gradient of -log prior to every parameter's <c>grad</c>, in place, under no_grad.</summary>
    void AddGradient();

    /// <summary>The likelihood's noise variance sigma^2 when the prior adapts it; null to use the problem's.</summary>
    double? NoiseVariance { get; }

    /// <summary>After the sampler step: latent-variable updates and pruning-schedule progress.</summary>
    void Update(PriorUpdate update);

    /// <summary>Re-imposes hard constraints (pruned weights at zero) after any change to the parameters.</summary>
    void Constrain();

    /// <summary>Scalars for <c>metrics.csv</c>: sparsity per layer, sigma, delta per layer, ...</summary>
    IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>
    /// Per-weight statistics keyed by statistic then parameter name, e.g. <c>inclusion</c> -> <c>weight</c> -> rho.
    /// The host averages them over collected samples.
    /// </summary>
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> WeightStatistics { get; }

    /// <summary>
    /// log pi(parameters, latents) at the current state, up to a constant that is the same for every chain of a run;
    /// null when the prior cannot say. The host adds the log-likelihood to compare chains that settled in different
    /// modes (Training:ChainSelection).
    /// </summary>
    double? LogDensity() => null;

    /// <summary>
    /// The host replaced the parameters (replica exchange swaps them between chains at different temperatures):
    /// recompute whatever latent state is a function of the parameters, so that the next gradient belongs to the new
    /// ones. Latent state that is an estimate over the whole chain (a noise variance, an inclusion rate) stays. By
    /// default nothing (priors without such state). Throw <see cref="InvalidInputException"/> when the prior's state
    /// cannot follow a swap.
    /// </summary>
    void Refresh() { }

    /// <summary>Adds copies of the latent state, keyed by name, for checkpoints.</summary>
    void SaveState(IDictionary<string, Tensor> state);

    void LoadState(IReadOnlyDictionary<string, Tensor> state);
}

/// <summary>What a prior is bound to.</summary>
/// <param name="Parameters">All trainable parameters of the network, in module order.</param>
/// <param name="DefaultSparseLayers">Name patterns the network proposes as sparse, used when the prior has none.</param>
/// <param name="TrainingSize">N, the number of training examples.</param>
/// <param name="TotalIterations">Iterations the chain will run (for schedules such as pruning ramps).</param>
public sealed record PriorSetup(
    IReadOnlyList<NamedParameter> Parameters,
    IReadOnlyList<string> DefaultSparseLayers,
    long TrainingSize,
    long TotalIterations);

/// <summary>One latent update's inputs.</summary>
/// <param name="Iteration">k, counting from 1.</param>
/// <param name="ScaledSquaredError">(N/n) * sum over the batch of squared residuals, for the sigma update.</param>
/// <param name="OutputsPerExample">Number of scalar outputs per example (for regression 1).</param>
public readonly record struct PriorUpdate(long Iteration, double ScaledSquaredError, long OutputsPerExample);
