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

    /// <summary>Writes one element of a flat view of a parameter.</summary>
    protected static void Set(Tensor flat, long index, double value)
    {
        using var scalar = value.ToScalar();
        flat[index].fill_(scalar);
    }

    /// <summary>
    /// The parameter holding element <paramref name="position"/> of <paramref name="parameters"/> taken end to end
    /// (<paramref name="sizes"/> their element counts), its flat view and the element's index in it.
    /// </summary>
    protected static (string Name, Tensor Flat, long Index) Pick(IReadOnlyList<NamedParameter> parameters, long[] sizes, long position)
    {
        int i = 0;
        for (; i < sizes.Length - 1 && position >= sizes[i]; i++) position -= sizes[i];
        return (parameters[i].Name, parameters[i].Parameter.detach().view(-1), Math.Min(position, sizes[i] - 1));
    }
}

/// <summary>
/// A move made as <paramref name="perIteration"/> attempts per iteration, each from <paramref name="width"/> uniforms of
/// the chain's generator (on the parameters' device, where a CUDA chain's generator lives), so a resumed chain repeats
/// its moves. <typeparamref name="TContext"/> is what the attempts of one iteration share (the tensors they pick from).
/// </summary>
public abstract class MetropolisMove<TContext>(int perIteration, int width) : MetropolisMove
{
    public sealed override void Apply(ChainPlugins plugins, double temperature, Generator generator)
    {
        if (perIteration == 0) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var context = Prepare(plugins);
        var draws = TensorMath.ToDoubles(rand(new long[] { perIteration, width }, ScalarType.Float64,
            plugins.Parameters[0].Parameter.device, generator: generator));
        double energy = ReplicaExchange.Energy(plugins);
        for (int a = 0; a < perIteration; a++)
        {
            Count(Attempt(plugins, context, draws.AsSpan(width * a, width), temperature, ref energy));
        }
    }

    /// <summary>Before an iteration's attempts: what they share; throws <see cref="InvalidInputException"/> when the move cannot run.</summary>
    protected abstract TContext Prepare(ChainPlugins plugins);

    /// <summary>
    /// One attempt from the uniforms <paramref name="u"/>: propose, accept with the move's ratio at
    /// <paramref name="temperature"/> against <paramref name="energy"/> (updated when accepted; the prior refreshed),
    /// or restore the parameters. True when accepted.
    /// </summary>
    protected abstract bool Attempt(ChainPlugins plugins, TContext context, ReadOnlySpan<double> u, double temperature, ref double energy);

    /// <summary>
    /// The Metropolis-Hastings decision for a proposal already written into the parameters: accepted when
    /// log u &lt; -(U' - U) / T + <paramref name="logRatio"/> (the proposal's density ratio and Jacobian); then the
    /// prior is refreshed (unless <paramref name="refreshed"/>: the caller did so for the proposal) and
    /// <paramref name="energy"/> becomes U'. The caller restores the parameters when refused.
    /// </summary>
    protected static bool Decide(ChainPlugins plugins, double uniform, double logRatio, double temperature, ref double energy,
        bool refreshed = false)
    {
        double proposed = ReplicaExchange.Energy(plugins);
        if (!(Math.Log(uniform) < -(proposed - energy) / temperature + logRatio)) return false;
        energy = proposed;
        if (!refreshed) plugins.Prior.Refresh();
        return true;
    }
}
