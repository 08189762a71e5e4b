using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// Metropolis-Hastings moves that trade one included weight for another weight of the same tensor, the swap move of
/// Bayesian variable selection: j drawn uniformly from the m weights the prior includes (inclusion statistic rho_j &gt; 1/2
/// after <see cref="IPrior.Refresh"/>), k uniformly from the tensor's other n - 1, and
/// (b_j, b_k) -&gt; (b_k / c, c b_j) with log c uniform on [-log F, log F]. The map is its own inverse with c -&gt; 1/c and
/// has Jacobian 1, so the move is accepted with probability min(1, exp(-(U' - U) / T) m / m') when k is included
/// afterwards (the reverse move must be able to pick it) and refused otherwise; m' counts the included weights after the
/// move. Where two correlated columns explain the same signal, a chain holding one in the slab and the other in the
/// spike reaches the other arrangement in one move; scale jumps (<see cref="ScaleJumps"/>) would pass through both in or
/// both out, states the posterior may hold a thousand times less likely.
/// </summary>
/// <param name="perIteration">Attempts per iteration, each in a sparse tensor drawn uniformly.</param>
/// <param name="maxFactor">F, the largest rescaling of a moved value (1 keeps values as they are).</param>
public sealed class PairSwaps(int perIteration, double maxFactor) : MetropolisMove<List<string>>(perIteration, 5)
{
    /// <summary>The statistic of <see cref="IPrior.WeightStatistics"/> that says which weights are included.</summary>
    public const string InclusionStatistic = "inclusion";

    public override string Name => "swaps";

    /// <summary>
    /// The sparse tensors; and the inclusion statistic made P(gamma_j = 1 | b_j), a function of the weights alone, which
    /// is what the proposal's choice of j may depend on.
    /// </summary>
    protected override List<string> Prepare(ChainPlugins plugins)
    {
        var tensors = SparseTensors(plugins);
        plugins.Prior.Refresh();
        return tensors;
    }

    /// <summary>One attempt in a tensor drawn uniformly; refused when k is not included afterwards.</summary>
    protected override bool Attempt(ChainPlugins plugins, List<string> tensors, ReadOnlySpan<double> u, double temperature, ref double energy)
    {
        var name = tensors[(int)(u[0] * tensors.Count)];
        var flat = plugins.Parameters.First(p => p.Name == name).Parameter.detach().view(-1);
        long n = flat.numel();
        var included = Included(plugins.Prior, name);
        long m = included.Length;
        if (m == 0 || n < 2) return false;
        long j = included[(long)(u[1] * m)];
        long k = (long)(u[2] * (n - 1));
        if (k >= j) k++;
        double c = Math.Exp((2 * u[3] - 1) * Math.Log(maxFactor));
        double bj = flat[j].ReadDouble(), bk = flat[k].ReadDouble();
        Set(flat, j, bk / c);
        Set(flat, k, c * bj);
        plugins.Prior.Refresh();
        var after = Included(plugins.Prior, name);
        if (Array.IndexOf(after, k) >= 0 && Decide(plugins, u[4], Math.Log((double)m / after.Length), temperature, ref energy,
                refreshed: true)) return true;
        Set(flat, j, bj);
        Set(flat, k, bk);
        plugins.Prior.Refresh();
        return false;
    }

    /// <summary>The flat indices of the weights of <paramref name="name"/> the prior includes (rho &gt; 1/2).</summary>
    private static long[] Included(IPrior prior, string name)
    {
        var rho = TensorMath.ToDoubles(prior.WeightStatistics[InclusionStatistic][name]);
        return Enumerable.Range(0, rho.Length).Where(i => rho[i] > 0.5).Select(i => (long)i).ToArray();
    }

    /// <summary>The parameters the prior reports an inclusion statistic for, in module order.</summary>
    private static List<string> SparseTensors(ChainPlugins plugins)
    {
        var statistics = plugins.Prior.WeightStatistics;
        var names = statistics.TryGetValue(InclusionStatistic, out var byName)
            ? plugins.Parameters.Select(p => p.Name).Where(byName.ContainsKey).ToList()
            : [];
        if (names.Count == 0)
        {
            throw new InvalidInputException("Pair swaps (Training:Swaps) trade included weights for excluded ones, and this " +
                $"prior reports no per-weight '{InclusionStatistic}' statistic. Use a spike-and-slab prior (ssgl), or set Training:Swaps to 0.");
        }
        return names;
    }
}
