namespace SparsePlugins.Reference.Regression;

/// <summary>
/// y = X b + e, e ~ N(0, NoiseVariance I) with the noise variance known; each b_j is 0 (point-mass spike) or
/// N(0, SlabVariance) (slab), gamma_j ~ Bernoulli(delta), delta ~ Beta(BetaA, BetaB) integrated out. The ssgl prior's
/// Laplace spike of scale 0.03 is a point next to the coefficients' standard errors (0.2-0.7), so this is the model the
/// SA methods approximate on the Section 6.1 data.
/// </summary>
/// <param name="BetaB">null: p, the paper's b = p.</param>
public sealed record SpikeSlabModel(double NoiseVariance = 3, double SlabVariance = 10, double BetaA = 1, double? BetaB = null)
{
    /// <summary>log p(k + 1 ones) - log p(k ones) under p(gamma) = B(a + k, b + p - k) / B(a, b); only such ratios matter to Gibbs.</summary>
    public double LogPriorRatio(int k, int p) => Math.Log((BetaA + k) / ((BetaB ?? p) + p - k - 1));
}
