using SparsePlugins.Abstractions;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// Options every Darcy surrogate problem has: the grid, the flow problem, the data set and its split, the likelihood.
/// A problem adds how its fields are drawn and its own split defaults (abstract here so each states its paper's sizes).
/// </summary>
public abstract class DarcySurrogateOptions : IValidatableObject
{
    [Description("Cells per side of the N x N grid (the paper: 50).")]
    [Range(2, 400)]
    public int N { get; set; } = 50;

    [Description("Source term f.")]
    public double Source { get; set; } = 1.0;

    [Description("Pressure on x = 0.")]
    public double PressureLeft { get; set; } = 1.0;

    [Description("Pressure on x = 1.")]
    public double PressureRight { get; set; }

    /// <summary>Samples in the data set (train + validation + test).</summary>
    public abstract int Samples { get; set; }

    /// <summary>Samples held out for validation, just before the test samples.</summary>
    public abstract int ValidationSamples { get; set; }

    /// <summary>Samples held out for testing (the last ones).</summary>
    public abstract int TestSamples { get; set; }

    [Description("Seed of the field draws (sample i uses a seed mixed from (Seed, i)).")]
    public int DataSeed { get; set; } = 1;

    [Description("Read this HDF5 data set (written by `generate`) instead of the cache; its own generator options apply.")]
    public string? DatasetFile { get; set; }

    [Description("Noise variance of the Gaussian likelihood on standardised velocities.")]
    [Range(1e-12, 1e12)]
    public double NoiseVariance { get; set; } = 0.01;

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TestSamples + ValidationSamples >= Samples)
        {
            yield return new ValidationResult($"TestSamples ({TestSamples}) + ValidationSamples ({ValidationSamples}) must be " +
                $"smaller than Samples ({Samples}), leaving samples to train on.");
        }
        if (DatasetFile is not null && InputFile.ShouldCheck(validationContext) && DatasetFileProblem(DatasetFile) is { } problem)
        {
            yield return new ValidationResult(problem);
        }
    }

    /// <summary>HDF5's 8-byte signature.</summary>
    private static ReadOnlySpan<byte> Hdf5Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Cheap checks before any run starts (the file may be gigabytes: its contents are read when its run starts).</summary>
    private static string? DatasetFileProblem(string path) =>
        InputFile.Problem(nameof(DatasetFile), path, "an HDF5 data set written by `generate`", [".h5", ".hdf5"], text: false,
            "Write one with `generate --problem NAME --samples N --out FILE.h5`, or remove DatasetFile to use the cache.")
        ?? (InputFile.StartsWith(path, Hdf5Signature) ? null
            : $"DatasetFile '{path}' is not an HDF5 file (no HDF5 signature). Write one with `generate --problem NAME --samples N --out FILE.h5`.");
}
