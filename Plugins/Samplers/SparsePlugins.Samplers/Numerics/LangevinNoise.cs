using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers.Numerics;

/// <summary>
/// Langevin noise injection. The diffusion term of beta += ... + N(0, 2 eps / tau) (or G^(1/2) N(0, 2 eps / tau)
/// when preconditioned) is drawn as a standard normal into a reused buffer with the chain's generator, then added
/// with the scale sqrt(2 eps / tau): no allocation per step.
/// </summary>
public sealed class LangevinNoise(double temperature)
{
    private readonly ParameterBuffers _noise = new();

    public double Temperature { get; } = temperature;

    public void Allocate(IReadOnlyList<NamedParameter> parameters) => _noise.Allocate(parameters);

    /// <summary>sqrt(2 eps / tau), the standard deviation of the injected noise for step size eps.</summary>
    public double Scale(double stepSize) => Math.Sqrt(2 * stepSize / Temperature);

    /// <summary>Fills parameter <paramref name="index"/>'s buffer with N(0, 1) draws and returns it.</summary>
    public Tensor Draw(int index, TorchSharp.torch.Generator generator) => _noise[index].normal_(0, 1, generator);
}
