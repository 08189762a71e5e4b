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
public sealed class ScaleJumps(int perIteration, double minFactor, double maxFactor) : MetropolisMove
{
    public override string Name => "jumps";

    public override void Apply(ChainPlugins plugins, double temperature, Generator generator)
    {
        if (perIteration == 0) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var sizes = plugins.Parameters.Select(p => p.Parameter.numel()).ToArray();
        long total = sizes.Sum();
        double energy = ReplicaExchange.Energy(plugins);
        var draws = Uniforms(plugins, perIteration, 4, generator);
        for (int a = 0; a < perIteration; a++)
        {
            var (flat, index) = Pick(plugins.Parameters, sizes, (long)(draws[4 * a] * total));
            double old = flat[index].ReadDouble();
            double logC = (Math.Log(minFactor) + draws[4 * a + 1] * (Math.Log(maxFactor) - Math.Log(minFactor))) * (draws[4 * a + 2] < 0.5 ? 1 : -1);
            double sign = draws[4 * a + 2] < 0.25 || draws[4 * a + 2] >= 0.75 ? 1 : -1;
            Set(flat, index, sign * Math.Exp(logC) * old);
            double proposed = ReplicaExchange.Energy(plugins);
            bool accepted = Math.Log(draws[4 * a + 3]) < -(proposed - energy) / temperature + logC;
            Count(accepted);
            if (accepted)
            {
                energy = proposed;
                plugins.Prior.Refresh();
            }
            else Set(flat, index, old);
        }
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
}
