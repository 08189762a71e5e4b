using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>
/// A sampler (or optimizer) over the network's parameters: a small state plus <see cref="Initialize"/> and
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

    /// <summary>One update. <paramref name="step"/> carries the iteration number k (1-based) and the random generator.</summary>
    void Step(SamplerStep step);

    /// <summary>Current values worth logging (step size, preconditioner weight).</summary>
    IReadOnlyDictionary<string, double> Diagnostics { get; }

    /// <summary>Adds copies of the state tensors, keyed by name, for checkpoints.</summary>
    void SaveState(IDictionary<string, Tensor> state);

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    void LoadState(IReadOnlyDictionary<string, Tensor> state);
}

/// <summary>A trainable tensor with its name in the module (e.g. <c>fc1.weight</c>).</summary>
public sealed record NamedParameter(string Name, TorchSharp.Modules.Parameter Parameter);

/// <summary>What one sampler step needs to know.</summary>
/// <param name="Iteration">k, counting from 1 over the whole chain.</param>
/// <param name="Generator">The chain's random generator; draw all noise from it for reproducibility.</param>
public readonly record struct SamplerStep(long Iteration, Generator Generator);
