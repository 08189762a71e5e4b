using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// A Metropolis-Hastings move the host makes after each Langevin step of a chain (and of each hot replica, at its
/// temperature), accepted on the exact full-data energy (<see cref="ReplicaExchange.Energy"/>). Moves compose: a chain
/// makes each of its moves in turn (<see cref="ChainPlugins.Moves"/>), and each keeps exp(-U / T) invariant on its own.
/// </summary>
public abstract class MetropolisMove
{
    private long _attempts, _accepts;

    /// <summary>The prefix of the move's column in metrics.csv (<c>NAME_accept_rate</c>).</summary>
    public abstract string Name { get; }

    /// <summary>This iteration's attempts on <paramref name="plugins"/> at <paramref name="temperature"/>, drawn from <paramref name="generator"/>.</summary>
    public abstract void Apply(ChainPlugins plugins, double temperature, Generator generator);

    /// <summary>The share of attempts accepted since the last call (NaN without attempts), and a fresh count.</summary>
    public double TakeRate()
    {
        double rate = _attempts == 0 ? double.NaN : (double)_accepts / _attempts;
        (_attempts, _accepts) = (0, 0);
        return rate;
    }

    /// <summary>Counts one attempt.</summary>
    protected void Count(bool accepted)
    {
        _attempts++;
        if (accepted) _accepts++;
    }

    /// <summary><paramref name="count"/> x <paramref name="width"/> uniforms from the chain's generator, on the parameters' device (where a CUDA chain's generator lives).</summary>
    protected static double[] Uniforms(ChainPlugins plugins, long count, long width, Generator generator) =>
        TensorMath.ToDoubles(rand(new[] { count, width }, ScalarType.Float64, plugins.Parameters[0].Parameter.device, generator: generator));

    /// <summary>Writes one element of a flat view of a parameter.</summary>
    protected static void Set(Tensor flat, long index, double value)
    {
        using var scalar = value.ToScalar();
        flat[index].fill_(scalar);
    }
}
