namespace SparsePlugins.Darcy;

/// <summary>
/// Binary channelized fields (Section 6.3): patches of a training image, or procedural sinuous channels; channel cells
/// get <see cref="ChannelFieldOptions.ChannelPermeability"/>, the rest the background value.
/// </summary>
internal sealed class ChannelFieldSampler : PermeabilitySampler
{
    private readonly ChannelFieldOptions _options;
    private readonly int _n;
    private readonly FaciesImage? _image;

    public ChannelFieldSampler(ChannelFieldOptions options, DarcyGrid grid)
    {
        options.Validate();
        _options = options;
        _n = grid.N;
        if (options.Source == ChannelSource.TrainingImage)
        {
            _image = Load(options, grid.N);
        }
    }

    public override int LatentWidth => ChannelFieldOptions.LatentWidth;

    public override void Draw(int seed, int sample, Span<double> kappa, Span<double> latent)
    {
        var random = new Random(KleField.SampleSeed(seed, sample));
        Span<bool> facies = new bool[_n * _n];
        double fraction;
        if (_image is not null)
        {
            var (x0, y0, transform) = FaciesPatch.Draw(_image, _n, random, _options.Augment, facies);
            fraction = Fill(facies, kappa);
            (latent[0], latent[1], latent[2], latent[3]) = (x0, y0, transform, fraction);
        }
        else
        {
            var count = ChannelGenerator.Draw(_options.Shape, _n, random, facies);
            fraction = Fill(facies, kappa);
            (latent[0], latent[1], latent[2], latent[3]) = (count, fraction, 0, 0);
        }
    }

    /// <summary>kappa from the facies; returns the channel fraction.</summary>
    private double Fill(ReadOnlySpan<bool> facies, Span<double> kappa)
    {
        var channelCells = 0;
        for (var k = 0; k < facies.Length; k++)
        {
            kappa[k] = _options.Permeability(facies[k]);
            channelCells += facies[k] ? 1 : 0;
        }
        return (double)channelCells / facies.Length;
    }

    /// <summary>Reads the image once and checks it is the one the options were hashed with and large enough.</summary>
    private static FaciesImage Load(ChannelFieldOptions options, int n)
    {
        var path = options.TrainingImage!;
        if (options.TrainingImageSha256 is { } expected && !string.Equals(FileHash.Sha256(path), expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: the training image changed since the options were made (SHA-256 differs); run again.");
        }
        var image = TrainingImageReader.Read(path, options.Format, options.Threshold, options.ImageWidth, options.ImageHeight);
        if (image.Width < n || image.Height < n)
        {
            throw new InvalidDataException($"{path}: the training image is {image.Width} x {image.Height}, smaller than the " +
                                           $"{n} x {n} patch; use a smaller N or a larger image.");
        }
        return image;
    }
}
