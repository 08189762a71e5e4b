using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>The posterior a run collected, handed to <see cref="IProblem.Report"/>. Tensors are on the CPU.</summary>
public sealed class RunResult
{
    public required string RunName { get; init; }

    /// <summary>Method label (the recipe name the run gave as Method, or sampler+prior).</summary>
    public required string Method { get; init; }

    public required string RunDirectory { get; init; }

    /// <summary>Running posterior mean of every parameter over the collected samples of all chains.</summary>
    public required IReadOnlyDictionary<string, Tensor> PosteriorMean { get; init; }

    /// <summary>Running posterior variance of every parameter (zero when only one sample was kept).</summary>
    public required IReadOnlyDictionary<string, Tensor> PosteriorVariance { get; init; }

    /// <summary>Thinned samples per parameter, stacked [samples, ...], when the model is small enough to keep them.</summary>
    public IReadOnlyDictionary<string, Tensor>? Samples { get; init; }

    /// <summary>Prior per-weight statistics averaged over collected samples (e.g. inclusion probabilities).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> WeightStatistics { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, Tensor>>();

    /// <summary>Bayesian model average of the test predictions.</summary>
    public Tensor? AveragePrediction { get; init; }

    /// <summary>Per-epoch metric history (column -> values), as in <c>metrics.csv</c>.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<double>> History { get; init; }

    public required int SampleCount { get; init; }

    /// <summary>Every chain's own summaries, the chains left out by Training:ChainSelection included.</summary>
    public IReadOnlyList<ChainPosterior> Chains { get; init; } = [];

    /// <summary>
    /// The saved posterior ensemble's predictive distribution on the test set (standardised outputs, noise calibrated on
    /// the validation split); null when no ensemble was kept (Training:KeepSamples = 0).
    /// </summary>
    public PredictiveDistribution? TestPredictive { get; init; }
}
