using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// Everything one chain is besides the plugins' own objects (network, prior, sampler): where it stands, what it has
/// collected and its random generator. Explicit, like the state of a BlackJAX or posteriors algorithm, so that a
/// checkpoint is this object plus the plugins' states, and a resumed chain continues bit for bit.
/// </summary>
public sealed class ChainState(int chain, long seed, int ensembleCapacity, bool keepSamples, Device? device = null) : IDisposable
{
    public int Chain { get; } = chain;

    public long Seed { get; } = seed;

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; set; }

    /// <summary>k: sampler steps taken over the whole chain.</summary>
    public long Iteration { get; set; }

    /// <summary>Inside an epoch: the permutation being walked and the next batch's first position; null between epochs.</summary>
    public Tensor? Order { get; set; }

    public long BatchStart { get; set; }

    /// <summary>Sum of the current epoch's per-example training losses so far.</summary>
    public double EpochLoss { get; set; }

    /// <summary>Samples collected after burn-in.</summary>
    public int Collected { get; set; }

    /// <summary>|first epoch's loss| + 1, the divergence check's reference; null before the first epoch ends.</summary>
    public double? FirstLoss { get; set; }

    /// <summary>Wall-clock seconds the chain has run, over every process (a resumed chain's budget counts the earlier
    /// ones); brought up to date at each checkpoint and at the chain's end.</summary>
    public double Seconds { get; set; }

    /// <summary>The part of <see cref="Seconds"/> run before this process restored the chain.</summary>
    public double ResumedSeconds { get; set; }

    /// <summary>The chain ended (all epochs, or the budget); its results are final.</summary>
    public bool Finished { get; set; }

    public bool StoppedAtBudget { get; set; }

    /// <summary>Every finished epoch's metrics row, in order.</summary>
    public List<IReadOnlyDictionary<string, double>> Rows { get; } = [];

    public List<double> TestLossTrace { get; } = [];

    public List<double> LogJointTrace { get; } = [];

    /// <summary>The chain's random stream, on the run's device (a CUDA sampler's noise needs a CUDA generator).</summary>
    public Generator Generator { get; } = new((ulong)seed, device ?? CPU);

    public PosteriorAccumulator Accumulator { get; } = new(keepSamples);

    public EnsembleRecorder Recorder { get; } = new(ensembleCapacity);

    /// <summary>The last epoch's metrics row.</summary>
    public IReadOnlyDictionary<string, double> Last => Rows.Count == 0 ? new Dictionary<string, double>() : Rows[^1];

    /// <summary>Column -> values over epochs (a column that appears later, like the model average's, is shorter).</summary>
    public Dictionary<string, List<double>> History()
    {
        var history = new Dictionary<string, List<double>>();
        foreach (var (key, value) in Rows.SelectMany(r => r))
        {
            if (!history.TryGetValue(key, out var list)) history[key] = list = [];
            list.Add(value);
        }
        return history;
    }

    public ChainResult Result() => new(Chain, History(), TestLossTrace, Last, Seconds, LogJointTrace)
    {
        EpochsReached = Epoch,
        StoppedAtBudget = StoppedAtBudget,
        Samples = Accumulator.FlatSamples(),
    };

    public void Dispose()
    {
        Order?.Dispose();
        Generator.Dispose();
        Accumulator.Dispose();
        Recorder.Dispose();
    }
}
