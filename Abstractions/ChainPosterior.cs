using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>
/// One chain's own posterior summaries, so that a problem can compare chains on what it alone understands (for the
/// regression, the selected set). Tensors are on the CPU and live as long as the <see cref="RunResult"/>.
/// </summary>
public sealed class ChainPosterior
{
    /// <summary>The chain's index in the run (its seed is the run's seed plus this).</summary>
    public required int Chain { get; init; }

    /// <summary>False when Training:ChainSelection left the chain out of the run's posterior.</summary>
    public required bool Kept { get; init; }

    public required int SampleCount { get; init; }

    /// <summary>The chain's posterior mean of every parameter.</summary>
    public required IReadOnlyDictionary<string, Tensor> PosteriorMean { get; init; }

    /// <summary>The prior's per-weight statistics averaged over the chain's samples (e.g. inclusion probabilities).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> WeightStatistics { get; init; }
}
