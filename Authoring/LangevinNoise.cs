using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Authoring;

/// <summary>
/// Langevin noise injection. The diffusion term of beta += ... + N(0, 2 eps / tau) (or G^(1/2) N(0, 2 eps / tau)
/// when preconditioned) is a standard normal times sqrt(2 eps / tau). On the CPU the normals are
/// <see cref="CounterGaussian"/>'s, keyed by one seed per parameter and step from the chain's generator: fused
/// kernels draw them in place (<see cref="DrawKeys"/>), other paths materialise the identical numbers
/// (<see cref="Draw"/>). Elsewhere (CUDA) libtorch's normal_ with the chain's generator fills the buffer.
/// Buffers are allocated on first use and reused: none at all when every parameter takes a fused kernel.
/// </summary>
/// <param name="temperature">tau: the noise variance is 2 eps / tau; 1 samples the posterior.</param>
public sealed class LangevinNoise(double temperature)
{
    private Tensor?[] _buffers = [];
    private IReadOnlyList<NamedParameter> _parameters = [];

    /// <summary>tau, the temperature the noise variance 2 eps / tau is divided by.</summary>
    public double Temperature { get; } = temperature;

    /// <summary>Forgets the buffers of earlier parameters; call from the sampler's initialisation.</summary>
    public void Allocate(IReadOnlyList<NamedParameter> parameters)
    {
        foreach (var buffer in _buffers) buffer?.Dispose();
        _parameters = parameters;
        _buffers = new Tensor?[parameters.Count];
    }

    /// <summary>sqrt(2 eps / tau), the standard deviation of the injected noise for step size eps.</summary>
    public double Scale(double stepSize) => Math.Sqrt(2 * stepSize / Temperature);

    /// <summary>The keys of one parameter's noise for this step (advances the chain's generator by one draw).</summary>
    public NoiseKeys DrawKeys(Generator generator) => CounterGaussian.DrawKeys(generator);

    /// <summary>Fills parameter <paramref name="index"/>'s buffer with N(0, 1) draws and returns it.</summary>
    public Tensor Draw(int index, Generator generator)
    {
        var buffer = _buffers[index] ??= CreateBuffer(index);
        if (!CounterGaussian.Supports(buffer)) return buffer.normal_(0, 1, generator);
        CounterGaussian.Fill(buffer, DrawKeys(generator));
        return buffer;
    }

    /// <summary>
    /// The SGLD update of parameter <paramref name="index"/>: beta += -eps grad U + sqrt(2 eps / tau) xi, in one fused
    /// pass when the tensors qualify (<see cref="FusedTensors.Qualify"/>), else as two in-place tensor operations;
    /// both draw the same xi. Call under no_grad (<see cref="ParameterSampler"/>'s loop is).
    /// </summary>
    public void Step(int index, Tensor parameter, Tensor gradient, Generator generator, double stepSize)
    {
        if (FusedTensors.Qualify(parameter, gradient))
        {
            FusedKernels.Sgld(parameter, gradient, DrawKeys(generator), stepSize, Scale(stepSize));
            return;
        }
        using var descent = (-stepSize).ToScalar();
        using var scale = Scale(stepSize).ToScalar();
        parameter.add_(gradient, descent).add_(Draw(index, generator), scale);
    }

    private Tensor CreateBuffer(int index)
    {
        using var _ = no_grad();
        var parameter = _parameters[index].Parameter;
        return empty(parameter.shape, parameter.dtype, parameter.device).DetachFromDisposeScope();
    }
}
