using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SparsePlugins.Priors;

/// <summary>
/// Options of the spike-and-slab Gaussian-Laplace prior (paper Section 3, ERRATA points 3-7). The paper's v0 is
/// the Laplace spike's scale (narrow, <see cref="SpikeScale"/>) and v1 the Gaussian slab's variance multiplier
/// (wide, <see cref="SlabVariance"/>); the printed experiment values "v0 = 10, v1 = 0.1" swap these roles.
/// </summary>
public sealed class SsglOptions
{
    [Description("Parameter-name patterns (* wildcard) that get the spike-and-slab prior; empty = the network's own proposal.")]
    public string[] SparseLayers { get; set; } = [];

    [Description("v0, the scale multiplier of the Laplace spike: (1 - gamma) Laplace(0, sigma v0) (paper v0; ERRATA 3).")]
    [Range(1e-12, 1e12)]
    public double SpikeScale { get; set; } = 0.1;

    [Description("v1, the variance multiplier of the Gaussian slab: gamma N(0, sigma^2 v1) (paper v1; ERRATA 3).")]
    [Range(1e-12, 1e12)]
    public double SlabVariance { get; set; } = 10;

    [Description("sigma0 of the Gaussian N(0, sigma0^2) on every parameter outside the sparse layers (biases, convolutions).")]
    [Range(1e-12, 1e12)]
    public double DenseSigma { get; set; } = 1;

    [Description("delta_1, the initial prior inclusion probability of every sparse layer (paper: 0.5).")]
    [Range(1e-9, 1 - 1e-9)]
    public double InitialDelta { get; set; } = 0.5;

    [Description("a of the Beta(a, b) prior on delta_l (paper: 1).")]
    [Range(1e-9, 1e12)]
    public double BetaA { get; set; } = 1;

    [Description("b of the Beta(a, b) prior on delta_l; 0 or unset = p_l, the layer's weight count (paper: b = p).")]
    [Range(0.0, 1e15)]
    public double? BetaB { get; set; }

    [Description("Centre the Beta prior on delta_l at this mean instead of using BetaA/BetaB: a = BetaMean BetaStrength p_l, " +
                 "b = (1 - BetaMean) BetaStrength p_l. For deep networks set it to the intended density (1 - TargetSparsity): " +
                 "the paper's Beta(1, p) expects about one non-zero weight per layer, so with millions of weights delta and rho " +
                 "drive each other to zero (docs/darcy-surrogate.md). Unset: BetaA and BetaB.")]
    [Range(1e-9, 1 - 1e-9)]
    public double? BetaMean { get; set; }

    [Description("With BetaMean: the Beta prior's weight relative to the layer's own evidence, (a + b) / p_l. 1 makes the SA " +
                 "target of delta the average of the layer's mean inclusion probability and BetaMean.")]
    [Range(1e-9, 1e9)]
    public double BetaStrength { get; set; } = 1;

    [Description("nu of the inverse-gamma prior IG(nu/2, nu lambda/2) on sigma^2 (paper: 1).")]
    [Range(0.0, 1e12)]
    public double Nu { get; set; } = 1;

    [Description("lambda of the inverse-gamma prior IG(nu/2, nu lambda/2) on sigma^2 (paper: 1).")]
    [Range(0.0, 1e12)]
    public double Lambda { get; set; } = 1;

    [Description("sigma_1, the initial noise standard deviation that also scales spike and slab.")]
    [Range(1e-12, 1e12)]
    public double InitialSigma { get; set; } = 1;

    [Description("Adapt sigma by stochastic approximation (ERRATA 5) and use sigma^2 as the likelihood's noise variance; " +
                 "off: sigma stays InitialSigma in the prior and the problem's noise variance is used.")]
    public bool AdaptSigma { get; set; } = true;

    [Description("Scale spike and slab by sigma, Laplace(0, sigma v0) and N(0, sigma^2 v1), as in the paper (conjugate form); " +
                 "false: Laplace(0, v0) and N(0, v1), independent of the noise, and sigma^2 is estimated from the residuals alone. " +
                 "With p > n the conjugate form underestimates sigma^2 (docs/samplers-and-priors.md).")]
    public bool SigmaScalesPrior { get; set; } = true;

    [Description("First iteration at which sigma adapts (with AdaptSigma); before it sigma stays InitialSigma, so that a " +
                 "cold start (all weights 0, the residual is y itself) does not set sigma^2 to var(y) and hold every weight in the spike.")]
    [Range(1, long.MaxValue)]
    public long SigmaAdaptStart { get; set; } = 1;

    [Description("Adapt each sparse layer's inclusion probability delta_l by stochastic approximation (ERRATA 6).")]
    public bool AdaptDelta { get; set; } = true;

    [Description("Set rho, kappa0 and kappa1 to their conditional expectations given the current weights at every step (SA " +
                 "step 1 for the per-weight latents; delta and sigma keep omega_k). The prior gradient is then exactly that of " +
                 "the spike-and-slab density with the indicators summed out, so the chain samples that posterior, and the " +
                 "inclusion statistic is P(gamma_j = 1 | b_j), Rao-Blackwellised. Off (the paper): SA averages, which hold a " +
                 "weight in the spike or slab mode it settled in. Use with Training:Temperatures (docs/regression.md).")]
    public bool MarginalLatents { get; set; }

    [Description("Scale of the SA step size omega_k = min(OmegaCap, OmegaScale (k + OmegaOffset)^-OmegaPower) (paper: 100).")]
    [Range(1e-12, 1e12)]
    public double OmegaScale { get; set; } = 100;

    [Description("Offset of the SA step size schedule (paper: 100).")]
    [Range(0.0, 1e12)]
    public double OmegaOffset { get; set; } = 100;

    [Description("Power of the SA step size schedule, in (0.5, 1] for SA convergence (paper: 0.7).")]
    [Range(0.5000001, 1.0)]
    public double OmegaPower { get; set; } = 0.7;

    [Description("Cap of omega_k, in (0, 1]: every SA update is a convex combination (ERRATA 4; authors' earlier code: 0.1).")]
    [Range(1e-12, 1.0)]
    public double OmegaCap { get; set; } = 0.1;

    [Description("Target sparse rate s of magnitude pruning of the sparse layers, in [0, 1); 0 = no pruning.")]
    [Range(0.0, 0.999999)]
    public double TargetSparsity { get; set; }

    [Description("Base of the pruning ramp s_t = s (1 - RampBase^(t / RampInterval)) (ERRATA 7: 0.99); 0 = the full rate at once.")]
    [Range(0.0, 0.999999)]
    public double RampBase { get; set; } = 0.99;

    [Description("Iterations per ramp period in s_t = s (1 - RampBase^(t / RampInterval)) (ERRATA 7: 50).")]
    [Range(1e-9, 1e15)]
    public double RampInterval { get; set; } = 50;

    [Description("First iteration at which pruning runs (t counts from here).")]
    [Range(1, long.MaxValue)]
    public long PruneStart { get; set; } = 1;

    [Description("Recompute the pruning masks every this many iterations (1 = every step). Pruned weights stay zero in between.")]
    [Range(1, long.MaxValue)]
    public long PruneEvery { get; set; } = 1;
}
