using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Surrogates;

/// <summary>What the validation split calibrated for a posterior ensemble.</summary>
/// <param name="NoiseVariance">Per output (or one value: the likelihood's, without a validation split).</param>
/// <param name="Intervals">The interval multipliers in use; null = Gaussian intervals.</param>
/// <param name="Conformal">The conformal multipliers whether in use or not (for the comparison in summary.json); null
/// without a validation split.</param>
public sealed record EnsembleCalibration(double[] NoiseVariance, IntervalCalibration? Intervals, IntervalCalibration? Conformal);
