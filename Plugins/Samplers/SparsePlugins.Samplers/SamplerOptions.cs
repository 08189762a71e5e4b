using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Authoring;

namespace SparsePlugins.Samplers;

public sealed class SgldOptions : LangevinOptions;

public sealed class PsgldOptions : LangevinOptions, IValidatableObject
{
    [Description("How the RMSprop weight a_k evolves: Constant (a_k = Alpha, Li et al. 2016; PSGLD recipe) or " +
                 "Decaying (a_k = 1 - AlphaC1 (AlphaC2 + k)^-AlphaGamma -> 1, paper Algorithm 2; PSGLD-SA recipe).")]
    public AlphaSchedule AlphaSchedule { get; set; } = AlphaSchedule.Constant;

    [Description("Constant RMSprop weight a in V = a V + (1 - a) g o g (Li et al. 2016 use 0.99).")]
    [Range(0.0, 0.999999999)]
    public double Alpha { get; set; } = 0.99;

    [Description("c1 of the decaying schedule a_k = 1 - c1 (c2 + k)^-gamma; default 0.1 gives a_1 = 0.9 (Algorithm 2).")]
    [Range(1e-12, 1e6)]
    public double AlphaC1 { get; set; } = 0.1;

    [Description("c2 of the decaying schedule a_k = 1 - c1 (c2 + k)^-gamma.")]
    [Range(0.0, 1e12)]
    public double AlphaC2 { get; set; }

    [Description("gamma of the decaying schedule, in (0.5, 1] so that sum (1 - a_k)^2 is finite (paper Section 4); " +
                 "default 0.7, the power of the paper's SA step size.")]
    [Range(0.5000001, 1.0)]
    public double AlphaGamma { get; set; } = 0.7;

    [Description("First iteration of the decaying schedule (Decaying only): before it a_k = Alpha, so the preconditioner " +
                 "forgets the burn-in's early transient; from it a_k = max(Alpha, 1 - AlphaC1 (AlphaC2 + k - AlphaDecayStart + 1)^-AlphaGamma). " +
                 "1 = decay from the first iteration (paper Algorithm 2).")]
    [Range(1, long.MaxValue)]
    public long AlphaDecayStart { get; set; } = 1;

    [Description("Which gradient V averages: Posterior (grad U, likelihood and prior; Li et al. 2016 and the paper) or " +
                 "Likelihood (the likelihood's alone, read before the prior adds its own). Keep Posterior with a spike-and-slab " +
                 "prior: a weight in a Laplace spike of scale s is sampled faithfully only while StepSize x G is well below s^2, " +
                 "and Posterior's G (about s in the spike) keeps that at StepSize << s, while Likelihood's (1 / the data's " +
                 "gradient) lets the spike kick weak weights out (docs/samplers-and-priors.md).")]
    public PreconditionerSource PreconditionOn { get; set; } = PreconditionerSource.Posterior;

    [Description("eta, the regulariser in G = 1 / (eta + sqrt(V)); the paper uses 1e-3, Li et al. 1e-5 .. 1e-1. " +
                 "It caps the preconditioner at 1/eta where gradients vanish.")]
    [Range(1e-30, 1e6)]
    public double Eta { get; set; } = 1e-3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AlphaSchedule == AlphaSchedule.Decaying)
        {
            var first = new PreconditionerWeight(AlphaSchedule, Alpha, AlphaC1, AlphaC2, AlphaGamma).At(1);
            if (!(first >= 0 && first < 1))
            {
                yield return new ValidationResult(
                    $"The decaying schedule gives a_1 = 1 - AlphaC1 (AlphaC2 + 1)^-AlphaGamma = {first:G4}; it must lie in [0, 1). " +
                    "Lower AlphaC1 or raise AlphaC2.",
                    [nameof(AlphaC1), nameof(AlphaC2)]);
            }
        }
    }
}

/// <summary>The gradient pSGLD's RMSprop preconditioner averages (<see cref="PsgldOptions.PreconditionOn"/>).</summary>
public enum PreconditionerSource
{
    /// <summary>grad U: the likelihood's and the prior's (Li et al. 2016; the paper).</summary>
    Posterior,

    /// <summary>The likelihood's gradient alone, read before the prior adds its own.</summary>
    Likelihood,
}

public sealed class SghmcOptions : LangevinOptions
{
    [Description("Friction alpha = 1 - momentum decay, in (0, 1]: v = (1 - alpha) v - eps g + N(0, 2 alpha eps / tau) " +
                 "(Chen et al. 2014, eq. 15, with B-hat = 0). StepSize is their learning rate eta = h^2.")]
    [Range(1e-9, 1.0)]
    public double Friction { get; set; } = 0.1;
}

public sealed class SgdOptions : StepSizeOptions
{
    [Description("Heavy-ball momentum mu in v = mu v - eps g, beta += v (0 = plain gradient descent).")]
    [Range(0.0, 0.999999)]
    public double Momentum { get; set; }
}

public sealed class AdamOptions : StepSizeOptions
{
    [Description("Decay of the first-moment average (Kingma and Ba 2015).")]
    [Range(0.0, 0.999999999)]
    public double Beta1 { get; set; } = 0.9;

    [Description("Decay of the second-moment average.")]
    [Range(0.0, 0.999999999)]
    public double Beta2 { get; set; } = 0.999;

    [Description("epsilon in eps_k m-hat / (sqrt(v-hat) + epsilon).")]
    [Range(1e-30, 1.0)]
    public double Epsilon { get; set; } = 1e-8;
}
