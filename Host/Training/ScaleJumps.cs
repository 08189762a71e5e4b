using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// Metropolis jumps that rescale one weight at a time: b_j' = s c b_j with s = +-1 and log c uniform on
/// +-[log f, log F] (f, F = <c>Training:JumpFactors</c>), accepted with probability
/// min(1, exp(-(U(b') - U(b)) / T) c) on the exact full-data energy U (likelihood and the prior's <c>LogDensity</c>).
/// The proposal is symmetric in (sign, log |b_j|), and c is the Jacobian of |b_j| -> c |b_j|, so the move leaves
/// exp(-U / T) invariant whatever f and F are. A weight in a spike of scale s lands in the slab (and back) in one move,
/// where a Langevin chain would have to climb out of the spike's well; accepted jumps call <see cref="IPrior.Refresh"/>.
/// </summary>
/// <param name="perIteration">Attempts per iteration, each on a weight drawn uniformly from every parameter.</param>
public sealed class ScaleJumps(int perIteration, double minFactor, double maxFactor)
{
    /// <summary>Attempts and acceptances since <see cref="TakeRate"/> was last called.</summary>
    private long _attempts, _accepts;

    /// <summary>Jump attempts on <paramref name="plugins"/> at temperature <paramref name="temperature"/>, drawn from <paramref name="generator"/>.</summary>
    public void Apply(ChainPlugins plugins, double temperature, Generator generator)
    {
        if (perIteration == 0) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var sizes = plugins.Parameters.Select(p => p.Parameter.numel()).ToArray();
        long total = sizes.Sum();
        double energy = ReplicaExchange.Energy(plugins);
        // On the parameters' device: the generator lives there (a CUDA chain has a CUDA generator).
        var draws = TensorMath.ToDoubles(rand(new long[] { perIteration, 4 }, float64, plugins.Parameters[0].Parameter.device, generator: generator));
        for (int a = 0; a < perIteration; a++)
        {
            var (flat, index) = Pick(plugins.Parameters, sizes, (long)(draws[4 * a] * total));
            double old = flat[index].ReadDouble();
            double logC = (Math.Log(minFactor) + draws[4 * a + 1] * (Math.Log(maxFactor) - Math.Log(minFactor))) * (draws[4 * a + 2] < 0.5 ? 1 : -1);
            double sign = draws[4 * a + 2] < 0.25 || draws[4 * a + 2] >= 0.75 ? 1 : -1;
            Set(flat, index, sign * Math.Exp(logC) * old);
            double proposed = ReplicaExchange.Energy(plugins);
            _attempts++;
            if (Math.Log(draws[4 * a + 3]) < -(proposed - energy) / temperature + logC)
            {
                energy = proposed;
                _accepts++;
                plugins.Prior.Refresh();
            }
            else Set(flat, index, old);
        }
    }

    /// <summary>The share of attempts accepted since the last call (NaN without attempts), and a fresh count.</summary>
    public double TakeRate()
    {
        double rate = _attempts == 0 ? double.NaN : (double)_accepts / _attempts;
        (_attempts, _accepts) = (0, 0);
        return rate;
    }

    private static (Tensor Flat, long Index) Pick(IReadOnlyList<NamedParameter> parameters, long[] sizes, long position)
    {
        for (int i = 0; i < sizes.Length; i++)
        {
            if (position < sizes[i]) return (parameters[i].Parameter.detach().view(-1), position);
            position -= sizes[i];
        }
        return (parameters[^1].Parameter.detach().view(-1), sizes[^1] - 1);
    }

    private static void Set(Tensor flat, long index, double value)
    {
        using var scalar = value.ToScalar();
        flat[index].fill_(scalar);
    }
}
