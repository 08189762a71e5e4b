using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy;

/// <summary>The surrogate problem permeability -> RT0 velocity on KLE fields (paper Section 6.2).</summary>
public sealed class KleDarcyOptions : IValidatableObject
{
    [Description("Cells per side of the N x N grid.")]
    [Range(2, 400)]
    public int N { get; set; } = 50;

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

    [Description("Source term f.")]
    public double Source { get; set; } = 1.0;

    [Description("Pressure on x = 0.")]
    public double PressureLeft { get; set; } = 1.0;

    [Description("Pressure on x = 1.")]
    public double PressureRight { get; set; }

    [Description("Samples in the data set (train + validation + test). Default 1800: the paper's 1300 training and 300 " +
                 "test samples (ERRATA 12) plus 200 for validation.")]
    [Range(3, 1_000_000)]
    public int Samples { get; set; } = 1800;

    [Description("Samples held out for validation (tuning, calibration of predictive intervals), taken just before the " +
                 "test samples; never trained on. 0 = none.")]
    [Range(0, 1_000_000)]
    public int ValidationSamples { get; set; } = 200;

    [Description("Samples held out for testing (the last ones); the rest train. Default 300, as in Table 1.")]
    [Range(1, 1_000_000)]
    public int TestSamples { get; set; } = 300;

    [Description("Seed of the permeability draws (sample i uses a seed mixed from (Seed, i)).")]
    public int DataSeed { get; set; } = 1;

    [Description("Read this HDF5 data set (written by `generate`) instead of the cache; its own generator options apply.")]
    public string? DatasetFile { get; set; }

    [Description("Noise variance of the Gaussian likelihood on standardised velocities.")]
    [Range(1e-12, 1e12)]
    public double NoiseVariance { get; set; } = 0.01;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TestSamples + ValidationSamples >= Samples)
        {
            yield return new ValidationResult($"TestSamples ({TestSamples}) + ValidationSamples ({ValidationSamples}) must be " +
                $"smaller than Samples ({Samples}), leaving samples to train on.");
        }
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
