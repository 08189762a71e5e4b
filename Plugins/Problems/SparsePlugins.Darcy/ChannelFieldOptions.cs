namespace SparsePlugins.Darcy;

/// <summary>
/// What determines a binary channelized permeability field (paper Section 6.3): the source of the facies and the two
/// permeability values. Part of <see cref="DarcyGeneratorOptions"/>, so that it enters the data set's hash; the training
/// image enters through <see cref="TrainingImageSha256"/>, so an edited image never reuses a stale cache.
/// </summary>
public sealed class ChannelFieldOptions
{
    /// <summary>Latent descriptors stored per sample: (x0, y0, transform, channel fraction) of a patch, or
    /// (channel count, channel fraction, 0, 0) of a procedural field.</summary>
    public const int LatentWidth = 4;

    public ChannelSource Source { get; set; } = ChannelSource.Procedural;

    public double ChannelPermeability { get; set; } = 10.0;

    public double BackgroundPermeability { get; set; } = 0.1;

    /// <summary>Full path of the training image (TrainingImage source).</summary>
    public string? TrainingImage { get; set; }

    /// <summary>SHA-256 of the training image's bytes, set by whoever reads it.</summary>
    public string? TrainingImageSha256 { get; set; }

    public TrainingImageFormat Format { get; set; } = TrainingImageFormat.Auto;

    /// <summary>A cell is channel when its value is at least this (PNG grey in [0, 1]; GSLIB raw value).</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>GSLIB width and height when the title line does not give them.</summary>
    public int? ImageWidth { get; set; }

    public int? ImageHeight { get; set; }

    /// <summary>Apply a random flip / 90-degree rotation to each patch (off by default: channels are directional).</summary>
    public bool Augment { get; set; }

    /// <summary>Procedural channel geometry.</summary>
    public ChannelShape Shape { get; set; } = new();

    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(ChannelPermeability > 0) || !(BackgroundPermeability > 0) || double.IsInfinity(ChannelPermeability) ||
            double.IsInfinity(BackgroundPermeability))
        {
            throw new ArgumentException($"{nameof(ChannelPermeability)} ({ChannelPermeability}) and {nameof(BackgroundPermeability)} " +
                                        $"({BackgroundPermeability}) must be positive and finite.");
        }
        if (!Enum.IsDefined(Source))
        {
            throw new ArgumentException($"Source must be {nameof(ChannelSource.Procedural)} or {nameof(ChannelSource.TrainingImage)}.");
        }
        if (Source == ChannelSource.TrainingImage && string.IsNullOrWhiteSpace(TrainingImage))
        {
            throw new ArgumentException($"Source {nameof(ChannelSource.TrainingImage)} needs the {nameof(TrainingImage)} option: the " +
                                        "path of a PNG or GSLIB image, or use Source Procedural, which needs no file.");
        }
        if (!double.IsFinite(Threshold))
        {
            throw new ArgumentException($"{nameof(Threshold)} must be finite.");
        }
        if (ImageWidth is < 1 || ImageHeight is < 1)
        {
            throw new ArgumentException($"{nameof(ImageWidth)} and {nameof(ImageHeight)} must be at least 1 when given.");
        }
        Shape.Validate();
    }

    /// <summary>Permeability of one facies.</summary>
    public double Permeability(bool channel) => channel ? ChannelPermeability : BackgroundPermeability;
}
