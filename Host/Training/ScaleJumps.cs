using SparsePlugins.Abstractions;
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
public sealed class ScaleJumps(int perIteration, double minFactor, double maxFactor) : MetropolisMove<long[]>(perIteration, 4)
{
    public override string Name => "jumps";

    /// <summary>The parameters' element counts.</summary>
    protected override long[] Prepare(ChainPlugins plugins) => plugins.Parameters.Select(p => p.Parameter.numel()).ToArray();

    protected override bool Attempt(ChainPlugins plugins, long[] sizes, ReadOnlySpan<double> u, double temperature, ref double energy)
    {
        var (_, flat, index) = Pick(plugins.Parameters, sizes, (long)(u[0] * sizes.Sum()));
        double old = flat[index].ReadDouble();
        double logC = (Math.Log(minFactor) + u[1] * (Math.Log(maxFactor) - Math.Log(minFactor))) * (u[2] < 0.5 ? 1 : -1);
        double sign = u[2] < 0.25 || u[2] >= 0.75 ? 1 : -1;
        Set(flat, index, sign * Math.Exp(logC) * old);
        if (Decide(plugins, u[3], logC, temperature, ref energy)) return true;
        Set(flat, index, old);
        return false;
    }
}
