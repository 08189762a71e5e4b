using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>
/// A learning problem: its data, its likelihood and how predictions are judged and reported.
/// One instance per run is shared by all the run's chains; it owns its tensors and disposes them. Chains of a small
/// network run side by side (Training:ParallelChains), so every member may be called from several threads at once:
/// keep no mutable state between calls.
/// </summary>
public interface IProblem : IDisposable
{
    ProblemShape Shape { get; }

    TensorDataset Train { get; }

    TensorDataset Test { get; }

    /// <summary>
    /// Held-out examples for tuning settings and calibrating predictive intervals (never the test set); null when the
    /// problem has no such split. The host reports <c>val_*</c> metrics from it.
    /// </summary>
    TensorDataset? Validation => null;

    /// <summary>The noise variance of the likelihood when no prior adapts it.</summary>
    double NoiseVariance { get; }

    /// <summary>
    /// -log p(targets | predictions) summed over the batch, differentiable in <paramref name="prediction"/>, with every
    /// term included: also those constant in the prediction, such as a Gaussian's (n/2) log(2 pi noiseVariance). The
    /// chains' log joint densities (ChainSelection) and the reported <c>train_nll</c> compare chains whose noise
    /// variance differs, so a dropped log-variance term would bias them.
    /// </summary>
    Tensor NegativeLogLikelihood(Tensor prediction, Tensor target, double noiseVariance);

    /// <summary>
    /// The sum over the batch of squared residuals, on the scale of <see cref="NoiseVariance"/>, that a prior adapting
    /// the noise variance reads (SSGL's sigma update, via <see cref="PriorUpdate.ScaledSquaredError"/>); called under
    /// <c>no_grad</c> inside the step's dispose scope. The default is the Gaussian likelihood's sum of squared residuals;
    /// a problem whose likelihood is not Gaussian in the targets returns the statistic its noise scale is updated from.
    /// </summary>
    double ResidualSumOfSquares(Tensor prediction, Tensor target) => prediction.sub(target).Squared().sum().ReadDouble();

    /// <summary>Test metrics for a prediction of the whole test set (e.g. <c>mse</c>, <c>mae</c>); lower is better.</summary>
    IReadOnlyDictionary<string, double> Evaluate(Tensor prediction, Tensor target);

    /// <summary>
    /// Metrics of a prediction of a whole split, for problems whose metrics need more than the targets (e.g. each
    /// row's input field); by default the same as <see cref="Evaluate(Tensor, Tensor)"/>.
    /// </summary>
    IReadOnlyDictionary<string, double> Evaluate(Tensor prediction, Tensor target, DataSplit split) => Evaluate(prediction, target);

    /// <summary>
    /// Problem-specific results of a finished run: entries added to <c>summary.json</c> and files written into the
    /// run directory (figures, sample tables). Return an empty report when there is nothing to add.
    /// </summary>
    ProblemReport Report(RunResult result);
}

/// <summary>Shapes and element type the network must accept and produce.</summary>
/// <param name="InputShape">Shape of one example, without the batch dimension.</param>
/// <param name="OutputSize">Number of scalar outputs per example.</param>
/// <param name="DType">Element type of inputs, targets and parameters (float32 or float64).</param>
public sealed record ProblemShape(long[] InputShape, long OutputSize, ScalarType DType);

/// <summary>
/// Inputs [n, ...InputShape] and targets [n, OutputSize] (also for one output: [n, 1], not [n]), example index first,
/// both of the problem's DType; the host checks this when the problem is created.
/// </summary>
public sealed record TensorDataset(Tensor Inputs, Tensor Targets)
{
    public long Count => Inputs.shape[0];
}

/// <summary>What a problem adds to a run's results.</summary>
/// <param name="Summary">Entries merged into <c>summary.json</c> (JSON-serialisable values).</param>
/// <param name="Comparison">Short scalar or text columns for the cross-run comparison table.</param>
public sealed record ProblemReport(
    IReadOnlyDictionary<string, object?> Summary,
    IReadOnlyDictionary<string, string> Comparison)
{
    public static ProblemReport Empty { get; } =
        new(new Dictionary<string, object?>(), new Dictionary<string, string>());

    /// <summary>
    /// The problem's own reasons not to trust the run (chains that disagree on what it reports, ambiguous answers),
    /// added to the host's convergence warnings.
    /// </summary>
    public IReadOnlyList<ConvergenceWarning> Warnings { get; init; } = [];
}
