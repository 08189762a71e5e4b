using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>
/// A sampler (or optimizer) over the network's parameters: a small state plus <see cref="Initialize(IReadOnlyList{NamedParameter})"/> and
/// <see cref="Step"/>. On entry to <see cref="Step"/> every parameter's <c>grad</c> holds the gradient of the
/// potential U = -log posterior (likelihood scaled to the full data set, prior included). The sampler updates the
/// parameters in place, under no_grad, allocating nothing per step beyond its noise.
/// </summary>
public interface ISampler
{
    /// <summary>True when the chain draws from a posterior (Langevin noise); false for point-estimate optimizers.</summary>
    bool IsStochastic { get; }

    /// <summary>Creates the state (moments, preconditioner) for these parameters.</summary>
    void Initialize(IReadOnlyList<NamedParameter> parameters);

    /// <summary>
    /// What the host calls: the parameters and the chain's length, for samplers whose schedule spans the whole chain
    /// (a cyclical step size). By default only the parameters are passed on.
    /// </summary>
    void Initialize(SamplerSetup setup) => Initialize(setup.Parameters);

    /// <summary>
    /// False for an iterate that is not a posterior sample (cyclical SGLD's exploration stage): the host then neither
    /// averages it, nor keeps it, nor uses it for R-hat or chain selection. Asked for iterations past burn-in that
    /// thinning would keep. By default every such iterate is a sample.
    /// </summary>
    bool Collects(long iteration) => true;

    /// <summary>
    /// Called by the host each iteration after every parameter's <c>grad</c> holds the likelihood's gradient and before
    /// the prior adds its own (and before a tempered replica's gradient is divided by its temperature); <see cref="Step"/>
    /// follows with grad U. A sampler whose adaptation should follow the likelihood alone reads the gradients here (pSGLD
    /// with <c>PreconditionOn: Likelihood</c>). Nothing by default; leave <c>grad</c> unchanged.
    /// </summary>
    void ObserveLikelihoodGradient(SamplerStep step) { }

    /// <summary>One update. <paramref name="step"/> carries the iteration number k (1-based) and the random generator.</summary>
    void Step(SamplerStep step);

    /// <summary>Current values worth logging (step size, preconditioner weight).</summary>
    IReadOnlyDictionary<string, double> Diagnostics { get; }

    /// <summary>Adds copies of the state tensors, keyed by name, for checkpoints.</summary>
    void SaveState(IDictionary<string, Tensor> state);

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    void LoadState(IReadOnlyDictionary<string, Tensor> state);
}

/// <summary>What a sampler is told when a chain starts.</summary>
/// <param name="Parameters">All trainable parameters of the network, in module order.</param>
/// <param name="TrainingSize">N, the number of training examples.</param>
/// <param name="IterationsPerEpoch">Steps per epoch (mini-batches).</param>
/// <param name="TotalIterations">Steps the chain will run if no budget stops it (Epochs x IterationsPerEpoch).</param>
public sealed record SamplerSetup(IReadOnlyList<NamedParameter> Parameters, long TrainingSize, long IterationsPerEpoch, long TotalIterations);

/// <summary>A trainable tensor with its name in the module (e.g. <c>fc1.weight</c>).</summary>
public sealed record NamedParameter(string Name, TorchSharp.Modules.Parameter Parameter);

/// <summary>What one sampler step needs to know.</summary>
/// <param name="Iteration">k, counting from 1 over the whole chain.</param>
/// <param name="Generator">The chain's random generator; draw all noise from it for reproducibility.</param>
public readonly record struct SamplerStep(long Iteration, Generator Generator);
