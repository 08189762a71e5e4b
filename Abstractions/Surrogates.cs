using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>
/// A problem whose trained networks can be queried later (<c>predict</c>): it names what, besides the network
/// samples, the saved posterior ensemble must hold to turn raw inputs into network inputs and outputs back into
/// physical units (normalisation statistics, grid sizes). Implemented by the <see cref="IProblem"/> instance.
/// </summary>
public interface ISurrogateProblem
{
    /// <summary>Named arrays saved with the ensemble and handed back in <see cref="SurrogateQuery.State"/>.</summary>
    IReadOnlyDictionary<string, double[]> SurrogateState { get; }
}

/// <summary>Backs the <c>predict</c> command on a problem plugin (the factory), like <see cref="IFieldSolver"/>.</summary>
public interface ISurrogatePredictor
{
    /// <returns>The paths written and, last, a one-line summary.</returns>
    IReadOnlyList<string> Predict(object options, PluginContext context, SurrogateQuery query);
}

/// <summary>
/// One <c>predict</c> call. <see cref="Members"/> runs every saved network sample on a batch of network inputs
/// (shaped like the problem's inputs, batch first) and returns each member's outputs [batch, OutputSize], in the
/// problem's standardised units; the predictive distribution per output is the members' mixture plus independent
/// noise of variance <see cref="NoiseVariance"/> (per output, calibrated on the validation split). Central intervals
/// use <see cref="Intervals"/> when the model has one (conformal multipliers), the Gaussian otherwise: pass it to
/// <see cref="PredictiveDistribution.FromMembers"/>.
/// </summary>
public sealed record SurrogateQuery(
    IReadOnlyDictionary<string, double[]> State,
    Func<Tensor, IReadOnlyList<Tensor>> Members,
    double[] NoiseVariance,
    string InputFile,
    string? TruthFile,
    string OutputDirectory)
{
    /// <summary>The model's interval multipliers; null = Gaussian intervals (models saved before format version 2).</summary>
    public IntervalCalibration? Intervals { get; init; }
}
