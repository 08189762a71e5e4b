using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers.Numerics;

/// <summary>
/// Langevin noise injection. The diffusion term of beta += ... + N(0, 2 eps / tau) (or G^(1/2) N(0, 2 eps / tau)
/// when preconditioned) is a standard normal times sqrt(2 eps / tau). On the CPU the normals are
/// <see cref="CounterGaussian"/>'s, keyed by one seed per parameter and step from the chain's generator: fused
/// kernels draw them in place (<see cref="DrawKeys"/>), other paths materialise the identical numbers
/// (<see cref="Draw"/>). Elsewhere (CUDA) libtorch's normal_ with the chain's generator fills the buffer.
/// Buffers are allocated on first use and reused: none at all when every parameter takes a fused kernel.
/// </summary>
public sealed class LangevinNoise(double temperature)
{
    private Tensor?[] _buffers = [];
    private IReadOnlyList<NamedParameter> _parameters = [];

    public double Temperature { get; } = temperature;

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

    private Tensor CreateBuffer(int index)
    {
        using var _ = no_grad();
        var parameter = _parameters[index].Parameter;
        return empty(parameter.shape, parameter.dtype, parameter.device).DetachFromDisposeScope();
    }
}
