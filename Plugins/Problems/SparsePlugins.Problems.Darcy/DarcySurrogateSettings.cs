namespace SparsePlugins.Problems.Darcy;

/// <summary>What a Darcy surrogate problem needs besides its data: its name (for messages), the likelihood's noise
/// variance on standardised velocities and the sizes of the validation and test splits (taken from the end).</summary>
public sealed record DarcySurrogateSettings(string Problem, double NoiseVariance, int ValidationSamples, int TestSamples);
