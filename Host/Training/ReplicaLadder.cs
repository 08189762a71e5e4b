using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>One hot replica: its own plugins (network, prior, sampler), temperature and random stream.</summary>
public sealed record Replica(ChainPlugins Plugins, double Temperature, Generator Generator);

/// <summary>
/// A chain's hot replicas (Training:Temperatures[1..]), stepped in lock-step with the chain, which is the replica at
/// temperature 1, and exchanged with it and each other every SwapEvery iterations, neighbours only, even and odd
/// pairs in turn (deterministic even-odd, Okabe et al. 2001; Syed et al. 2022). Only the chain at temperature 1 is
/// collected; the others exist to cross the barriers it cannot.
/// </summary>
public sealed class ReplicaLadder(IReadOnlyList<Replica> hot, int swapEvery, Generator swaps) : IDisposable
{
    private readonly long[] _attempts = new long[hot.Count];
    private readonly long[] _accepts = new long[hot.Count];

    public IReadOnlyList<Replica> Hot => hot;

    public int SwapEvery => swapEvery;

    /// <summary>The generator of the swap decisions.</summary>
    public Generator Swaps => swaps;

    /// <summary>Swap attempts and acceptances of the pair (i, i + 1), i = 0 the chain and the first hot replica.</summary>
    public long[] Attempts => _attempts;

    public long[] Accepts => _accepts;

    /// <summary>One step of every hot replica on the chain's batch (x, y), at iteration k.</summary>
    public void Advance(Tensor x, Tensor y, double batchScale, long k, string run, int chain)
    {
        foreach (var (plugins, temperature, generator) in hot)
        {
            using var scope = NewDisposeScope();
            var (prediction, loss) = ChainStep.LikelihoodGradient(plugins, x, y, batchScale);
            if (!double.IsFinite(loss))
            {
                throw ChainStep.Diverged(run, chain, k, $"the replica at temperature {temperature:G4} reached loss = {loss}");
            }
            ChainStep.Move(plugins, prediction, y, batchScale, k, generator, temperature);
            foreach (var move in plugins.Moves) move.Apply(plugins, temperature, generator);
        }
    }

    /// <summary>At every SwapEvery-th iteration: a swap attempt for each pair of this round's parity.</summary>
    public void Exchange(ChainPlugins cold, long k)
    {
        if (k % swapEvery != 0) return;
        long round = k / swapEvery;
        for (int i = (int)(round % 2); i < hot.Count; i += 2) TrySwap(cold, i);
    }

    private void TrySwap(ChainPlugins cold, int i)
    {
        var (a, ta) = i == 0 ? (cold, 1.0) : (hot[i - 1].Plugins, hot[i - 1].Temperature);
        var (b, tb) = (hot[i].Plugins, hot[i].Temperature);
        double aa = ReplicaExchange.Energy(a), bb = ReplicaExchange.Energy(b);
        ReplicaExchange.SwapParameters(a, b);
        double ab = ReplicaExchange.Energy(a), ba = ReplicaExchange.Energy(b);
        double log = ReplicaExchange.LogAcceptance(aa, ab, bb, ba, ta, tb);
        double u;
        using (var draw = rand(1, dtype: ScalarType.Float64, generator: swaps)) u = draw.ReadDouble();
        _attempts[i]++;
        if (double.IsFinite(log) && Math.Log(u) < log)
        {
            _accepts[i]++;
            a.Prior.Refresh();
            b.Prior.Refresh();
        }
        else
        {
            ReplicaExchange.SwapParameters(a, b);
        }
    }

    /// <summary>For the metrics row: each pair's acceptance rate so far, keyed by its temperatures; 0 before its first attempt.</summary>
    public IReadOnlyDictionary<string, double> Metrics
    {
        get
        {
            var metrics = new Dictionary<string, double>();
            for (int i = 0; i < hot.Count; i++)
            {
                double lower = i == 0 ? 1 : hot[i - 1].Temperature;
                metrics[$"swap_rate.{lower:G4}-{hot[i].Temperature:G4}"] = _attempts[i] == 0 ? 0 : (double)_accepts[i] / _attempts[i];
            }
            return metrics;
        }
    }

    public void Dispose()
    {
        foreach (var replica in hot)
        {
            (replica.Plugins.Prior as IDisposable)?.Dispose();
            (replica.Plugins.Sampler as IDisposable)?.Dispose();
            replica.Plugins.Network.Module.Dispose();
            replica.Generator.Dispose();
        }
        swaps.Dispose();
    }
}
