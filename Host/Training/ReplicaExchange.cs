using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// The swap move of replica exchange. Replica i targets pi_i(b)^(1 / T_i) = exp(-U_i(b) / T_i), U_i its own energy
/// (its prior's latent estimates, its noise variance). Exchanging the parameters of i and j is a Metropolis move on the
/// product of the replicas' targets, accepted with probability min(1, exp(a)),
/// a = (U_i(b_i) - U_i(b_j)) / T_i + (U_j(b_j) - U_j(b_i)) / T_j; with one shared energy this is the familiar
/// (1 / T_i - 1 / T_j)(U(b_i) - U(b_j)). Auxiliary state that the target does not couple to the parameters (a
/// sampler's preconditioner or momentum) stays with its replica: the move leaves the joint target invariant either way.
/// </summary>
public static class ReplicaExchange
{
    /// <summary>log of the acceptance ratio; <paramref name="ij"/> is U_i(b_j).</summary>
    public static double LogAcceptance(double ii, double ij, double jj, double ji, double ti, double tj) =>
        (ii - ij) / ti + (jj - ji) / tj;

    /// <summary>
    /// U(b) = -log p(y | b) - log pi(b): the full training set's negative log-likelihood at the prior's (or the
    /// problem's) noise variance, less the prior's log density, both at the current parameters.
    /// </summary>
    public static double Energy(ChainPlugins plugins)
    {
        var logPrior = plugins.Prior.LogDensity() ?? throw new InvalidInputException(
            "Replica exchange (Training:Temperatures) and Metropolis moves (Training:Jumps, Swaps, GibbsMoves) compare energies, and " +
            "this prior reports no log density. Use a prior that does (gaussian, ssgl), or leave Training:Temperatures empty and " +
            "the moves at 0.");
        return NegativeLogLikelihood(plugins) - logPrior;
    }

    /// <summary>-log p(y | b) over the full training set at the prior's (or the problem's) noise variance.</summary>
    public static double NegativeLogLikelihood(ChainPlugins plugins)
    {
        using var scope = NewDisposeScope();
        var train = plugins.Problem.Train;
        var prediction = ChainRunner.Predict(plugins.Network.Module, train.Inputs);
        var noise = plugins.Prior.NoiseVariance ?? plugins.Problem.NoiseVariance;
        using (no_grad()) return plugins.Problem.NegativeLogLikelihood(prediction, train.Targets, noise).ReadDouble();
    }

    /// <summary>Exchanges the values of two networks' parameters in place.</summary>
    public static void SwapParameters(ChainPlugins a, ChainPlugins b)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        for (int i = 0; i < a.Parameters.Count; i++)
        {
            var (p, q) = (a.Parameters[i].Parameter, b.Parameters[i].Parameter);
            var held = p.detach().clone();
            p.copy_(q);
            q.copy_(held);
        }
    }
}
