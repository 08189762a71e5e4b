using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy;

/// <summary>The surrogate problem permeability -> RT0 velocity on KLE fields (paper Section 6.2).</summary>
public sealed class KleDarcyOptions : DarcySurrogateOptions
{

    [Description("KLE terms p (the paper: 32, 64, 128).")]
    [Range(1, 10_000)]
    public int Terms { get; set; } = 32;

    [Description("Correlation length lx of the Gaussian kernel sigma exp(-dx^2/lx^2 - dy^2/ly^2).")]
    [Range(1e-6, 1e6)]
    public double CorrelationLengthX { get; set; } = 0.2;

    [Description("Correlation length ly.")]
    [Range(1e-6, 1e6)]
    public double CorrelationLengthY { get; set; } = 0.3;

    [Description("Kernel variance sigma (the paper: 2).")]
    [Range(1e-12, 1e6)]
    public double Variance { get; set; } = 2.0;

    [Description("kappa0: mean of log kappa (LogNormal) or of kappa (Affine; e.g. 10 for the paper's error levels, ERRATA 9).")]
    public double Mean { get; set; }

    [Description("LogNormal: kappa = exp(kappa0 + KLE) (default); Affine: kappa = kappa0 + KLE, rejecting kappa <= 0.")]
    public PermeabilityForm Form { get; set; } = PermeabilityForm.LogNormal;

    [Description("Samples in the data set (train + validation + test). Default 1800: the paper's 1300 training and 300 " +
                 "test samples (ERRATA 12) plus 200 for validation.")]
    [Range(3, 1_000_000)]
    public override int Samples { get; set; } = 1800;

    [Description("Samples held out for validation (tuning, calibration of predictive intervals), taken just before the " +
                 "test samples; never trained on. 0 = none.")]
    [Range(0, 1_000_000)]
    public override int ValidationSamples { get; set; } = 200;

    [Description("Samples held out for testing (the last ones); the rest train. Default 300, as in Table 1.")]
    [Range(1, 1_000_000)]
    public override int TestSamples { get; set; } = 300;

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (Terms > N * N)
        {
            yield return new ValidationResult($"Terms ({Terms}) cannot exceed N^2 = {N * N}.");
        }
    }

    public DarcyGeneratorOptions ToGenerator(int? samples = null) => new()
    {
        N = N,
        Terms = Terms,
        CorrelationLengthX = CorrelationLengthX,
        CorrelationLengthY = CorrelationLengthY,
        Variance = Variance,
        Mean = Mean,
        Form = Form,
        Source = Source,
        PressureLeft = PressureLeft,
        PressureRight = PressureRight,
        Samples = samples ?? Samples,
        Seed = DataSeed,
    };
}
