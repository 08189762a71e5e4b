using SparsePlugins.Reference.Regression;

namespace SparsePlugins.Regression.Calibration;

/// <summary>
/// One data draw: each method's result, the exact posterior for that method's slab variance (point-mass spike), and
/// the exact inclusion probabilities of the same model with the method's own Laplace spike (<see cref="LaplaceSpikeGibbs"/>),
/// with their Monte Carlo errors.
/// </summary>
public sealed record DrawResult(int Draw, IReadOnlyList<(MethodResult Method, ExactPosterior Exact, InclusionEstimate Continuous)> Methods)
{
    /// <summary>
    /// The Monte Carlo error of a difference at coefficient j: the method's (between its chains; 0 when the run does
    /// not report one) and the reference's (batch means) combined as independent errors.
    /// </summary>
    public static double DifferenceError(MethodResult method, InclusionEstimate reference, int j) =>
        Math.Sqrt(Math.Pow(method.InclusionMcse?[j] ?? 0, 2) + Math.Pow(reference.StandardError[j], 2));

    /// <summary>Whether the exact posterior's own 95% interval (quantiles of the mixture over models) covers b_j.</summary>
    public static bool ExactCovers(ExactPosterior exact, double truth, int j)
    {
        var (lower, upper) = exact.Coefficient(j).Interval(0.95);
        return lower <= truth && truth <= upper;
    }
}
