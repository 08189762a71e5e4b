using System.Globalization;
using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// Metropolised Gibbs moves on one sparse weight at a time: a new value b_j' drawn from an approximation q of its
/// conditional posterior, accepted with probability min(1, exp(-(U' - U) / T) q(b_j) / q(b_j')). q is the prior's
/// spike-and-slab mixture (<see cref="ISpikeAndSlabPrior"/>) times a quadratic fit of the likelihood along b_j from three
/// evaluations at b_j = -e, 0, e: the spike component stays Laplace(0, s), the slab becomes N(mu, tau^2) with
/// tau^2 = 1 / (h + 1 / v), mu = -g tau^2, and the slab's weight is its approximate posterior probability (kept within
/// [0.02, 0.98] so that both are always proposed). q depends on the other weights only, not on b_j, so it is an
/// independence proposal for the coordinate and the move is exact whatever the fit; for a linear model the fit is the
/// likelihood itself and the move is close to a Gibbs draw: a weight crosses between spike and slab with its conditional
/// probability at every attempt, where a scale jump must land in the slab's narrow window by chance.
/// </summary>
/// <param name="perIteration">Attempts per iteration, each on a weight drawn uniformly from the sparse parameters.</param>
/// <param name="span">e, the offset of the likelihood fit's points.</param>
public sealed class GibbsMoves(int perIteration, double span) : MetropolisMove<GibbsMoves.Targets>(perIteration, 4)
{
    private const double MinSlabWeight = 0.02;

    public override string Name => "gibbs";

    /// <summary>The sparse parameters, their element counts and their spike-and-slab components.</summary>
    public sealed record Targets(List<NamedParameter> Parameters, long[] Sizes, IReadOnlyDictionary<string, SpikeAndSlab> Components);

    protected override Targets Prepare(ChainPlugins plugins)
    {
        var components = Components(plugins);
        var parameters = plugins.Parameters.Where(p => components.ContainsKey(p.Name)).ToList();
        return new Targets(parameters, parameters.Select(p => p.Parameter.numel()).ToArray(), components);
    }

    protected override bool Attempt(ChainPlugins plugins, Targets targets, ReadOnlySpan<double> u, double temperature, ref double energy)
    {
        var (name, flat, index) = Pick(targets.Parameters, targets.Sizes, (long)(u[0] * targets.Sizes.Sum()));
        var proposal = Fit(plugins, flat, index, targets.Components[name], temperature);
        double old = flat[index].ReadDouble();
        double value = proposal.Draw(u[1], u[2]);
        Set(flat, index, value);
        if (Decide(plugins, u[3], proposal.LogDensity(old) - proposal.LogDensity(value), temperature, ref energy)) return true;
        Set(flat, index, old);
        return false;
    }

    /// <summary>The proposal for weight <paramref name="index"/> of <paramref name="flat"/>; leaves the weight as it was.</summary>
    private SpikeSlabProposal Fit(ChainPlugins plugins, Tensor flat, long index, SpikeAndSlab prior, double temperature)
    {
        double old = flat[index].ReadDouble();
        double Likelihood(double value)
        {
            Set(flat, index, value);
            return ReplicaExchange.NegativeLogLikelihood(plugins) / temperature;
        }
        double below = Likelihood(-span), zero = Likelihood(0), above = Likelihood(span);
        Set(flat, index, old);
        double gradient = Coarse((above - below) / (2 * span));
        double curvature = Math.Max(0, Coarse((above - 2 * zero + below) / (span * span)));
        return SpikeSlabProposal.From(prior, gradient, curvature, MinSlabWeight);
    }

    /// <summary>
    /// x to six significant digits. The energies behind the fit can differ in their last bits from run to run (measured:
    /// without this a resumed chain drifted from the uninterrupted one in the 12th digit; BLAS kernels whose path
    /// depends on memory alignment are the likely cause), and unlike an acceptance decision the fit goes into the
    /// proposed value. Rounded, the proposal is the same function of the other weights in every run but once in a
    /// blue moon, so a resumed chain repeats its moves bit for bit; any proposal is exact, and six digits lose nothing.
    /// </summary>
    private static double Coarse(double x) =>
        double.IsFinite(x) ? double.Parse(x.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : x;

    private static IReadOnlyDictionary<string, SpikeAndSlab> Components(ChainPlugins plugins)
    {
        if (plugins.Prior is ISpikeAndSlabPrior { Components: { Count: > 0 } components }) return components;
        throw new InvalidInputException("Gibbs moves (Training:GibbsMoves) propose a weight from its spike-and-slab conditional, " +
            "and this prior reports no spike-and-slab components. Use a spike-and-slab prior (ssgl), or set Training:GibbsMoves to 0.");
    }
}
