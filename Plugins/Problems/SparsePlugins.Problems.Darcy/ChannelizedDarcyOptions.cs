using SparsePlugins.Abstractions;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Darcy;

namespace SparsePlugins.Problems.Darcy;

/// <summary>The surrogate problem permeability -> RT0 velocity on binary channelized fields (paper Section 6.3).</summary>
public sealed class ChannelizedDarcyOptions : DarcySurrogateOptions
{

    [Description("Procedural: sinuous channels drawn from the channel options below, no file needed. TrainingImage: " +
                 "patches cropped at random positions from TrainingImage, as in the paper.")]
    public ChannelSource FieldSource { get; set; } = ChannelSource.Procedural;

    [Description("Training image for FieldSource TrainingImage: a grayscale PNG, or a GSLIB/Geo-EAS ASCII file (title, number " +
                 "of variables, their names, one value per line, x fastest from the bottom-left cell).")]
    public string? TrainingImage { get; set; }

    [Description("Training image format: Auto (by extension: .png, or .dat/.gslib/.sgems/.txt/.gs), Png or Gslib.")]
    public TrainingImageFormat Format { get; set; } = TrainingImageFormat.Auto;

    [Description("A cell of the training image is channel when its value is at least this (PNG gray scaled to [0, 1]; " +
                 "GSLIB raw value).")]
    public double Threshold { get; set; } = 0.5;

    [Description("GSLIB image width when its title line does not start with 'nx ny'.")]
    [Range(1, 1_000_000)]
    public int? ImageWidth { get; set; }

    [Description("GSLIB image height when its title line does not start with 'nx ny'.")]
    [Range(1, 1_000_000)]
    public int? ImageHeight { get; set; }

    [Description("Apply a random flip or 90-degree rotation to each patch. Off by default: channels are directional.")]
    public bool Augment { get; set; }

    [Description("Permeability of channel cells. The paper gives none; 10 / 0.1 is a contrast of 100, geometric mean 1.")]
    [Range(1e-12, 1e12)]
    public double ChannelPermeability { get; set; } = 10.0;

    [Description("Permeability of background cells.")]
    [Range(1e-12, 1e12)]
    public double BackgroundPermeability { get; set; } = 0.1;

    [Description("Procedural: fewest channels per field.")]
    [Range(1, 100)]
    public int MinChannels { get; set; } = 2;

    [Description("Procedural: most channels per field.")]
    [Range(1, 100)]
    public int MaxChannels { get; set; } = 4;

    [Description("Procedural: mean channel direction in degrees (0 = along x, the main flow direction).")]
    [Range(-180, 180)]
    public double Orientation { get; set; }

    [Description("Procedural: channel directions are uniform within Orientation +- this (degrees).")]
    [Range(0, 90)]
    public double OrientationSpread { get; set; } = 20;

    [Description("Procedural: sinuosity amplitude, in units of the domain side (drawn within 0.5x..1.5x).")]
    [Range(0, 10)]
    public double Amplitude { get; set; } = 0.08;

    [Description("Procedural: sinuosity wavelength, in units of the domain side (drawn within 0.75x..1.25x).")]
    [Range(1e-3, 100)]
    public double Wavelength { get; set; } = 0.6;

    [Description("Procedural: channel width, in units of the domain side.")]
    [Range(1e-3, 1)]
    public double Width { get; set; } = 0.1;

    [Description("Procedural: fields with a smaller channel fraction are redrawn.")]
    [Range(0, 1)]
    public double MinFraction { get; set; } = 0.15;

    [Description("Procedural: fields with a larger channel fraction are redrawn.")]
    [Range(0, 1)]
    public double MaxFraction { get; set; } = 0.4;

    [Description("Samples in the data set (train + validation + test). Default 3000 as in the paper; 80/20 split.")]
    [Range(3, 1_000_000)]
    public override int Samples { get; set; } = 3000;

    [Description("Samples held out for validation, taken from the paper's 80% training share; never trained on. 0 = none.")]
    [Range(0, 1_000_000)]
    public override int ValidationSamples { get; set; } = 300;

    [Description("Samples held out for testing (the last ones). Default 600 (20%), as in Table 2.")]
    [Range(1, 1_000_000)]
    public override int TestSamples { get; set; } = 600;

    /// <summary>Generator options; the training image is hashed so that an edited image is never served from a stale cache.</summary>
    /// <exception cref="FileNotFoundException">The training image does not exist.</exception>
    public DarcyGeneratorOptions ToGenerator(int? samples = null)
    {
        string? image = null, sha = null;
        if (FieldSource == ChannelSource.TrainingImage)
        {
            image = Path.GetFullPath(TrainingImage!);
            if (!File.Exists(image))
            {
                throw new FileNotFoundException($"TrainingImage '{TrainingImage}' does not exist ({image}). Give the path of a PNG " +
                    "or GSLIB training image, or set FieldSource to Procedural, which needs no file.", image);
            }
            sha = FileHash.Sha256(image);
        }
        return new DarcyGeneratorOptions
        {
            N = N, Source = Source, PressureLeft = PressureLeft, PressureRight = PressureRight, Samples = samples ?? Samples, Seed = DataSeed,
            Channels = new ChannelFieldOptions
            {
                Source = FieldSource, ChannelPermeability = ChannelPermeability, BackgroundPermeability = BackgroundPermeability,
                TrainingImage = image, TrainingImageSha256 = sha, Format = Format, Threshold = Threshold, ImageWidth = ImageWidth,
                ImageHeight = ImageHeight, Augment = Augment,
                Shape = new ChannelShape(MinChannels, MaxChannels, Orientation, OrientationSpread, Amplitude, Wavelength, Width,
                    MinFraction, MaxFraction),
            },
        };
    }

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (MinChannels > MaxChannels)
        {
            yield return new ValidationResult($"MinChannels ({MinChannels}) must not exceed MaxChannels ({MaxChannels}).");
        }
        if (MinFraction >= MaxFraction)
        {
            yield return new ValidationResult($"MinFraction ({MinFraction}) must be smaller than MaxFraction ({MaxFraction}).");
        }
        if (FieldSource == ChannelSource.TrainingImage && string.IsNullOrWhiteSpace(TrainingImage))
        {
            yield return new ValidationResult("FieldSource TrainingImage needs TrainingImage: the path of a PNG or GSLIB image " +
                "(or use FieldSource Procedural, which needs no file).");
        }
        else if (FieldSource == ChannelSource.TrainingImage && InputFile.ShouldCheck(validationContext) && TrainingImageProblem(TrainingImage!) is { } problem)
        {
            yield return new ValidationResult(problem);
        }
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The file exists and is what <see cref="Format"/> (or its extension, for Auto) says; its contents are read at the run.</summary>
    private string? TrainingImageProblem(string path)
    {
        bool png = Format == TrainingImageFormat.Png ||
                   (Format == TrainingImageFormat.Auto && Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase));
        var problem = InputFile.Problem(nameof(TrainingImage), path, png ? "a PNG image" : "a GSLIB/Geo-EAS text file", [], text: false,
            "Give the path of a training image, or set FieldSource to Procedural (no file needed).");
        if (problem is not null) return problem;
        if (png && !InputFile.StartsWith(path, PngSignature))
        {
            return $"TrainingImage '{path}' is not a PNG file (no PNG signature). Give a grayscale PNG or a GSLIB/Geo-EAS text file.";
        }
        return !png && InputFile.IsBinary(path)
            ? $"TrainingImage '{path}' is a binary file without the .png extension; training images are grayscale PNG or " +
              "GSLIB/Geo-EAS text (JPEG and other formats are not read)."
            : null;
    }
}
