namespace SparsePlugins.Darcy;

/// <summary>
/// Reads a binary facies training image from PNG or GSLIB. Cells whose value is at least the threshold are channel:
/// PNG grey lies in [0, 1] (white channels on black at the default 0.5), GSLIB values are used raw (facies codes 0/1).
/// PNGs with more than two grey levels (anti-aliased edges, scans) are fine: the threshold binarises them.
/// </summary>
public static class TrainingImageReader
{
    private static readonly string[] GslibExtensions = [".dat", ".gslib", ".sgems", ".txt", ".gs"];

    /// <summary>
    /// Reads and binarises a training image: channel where value &gt;= <paramref name="threshold"/>.
    /// <paramref name="width"/> and <paramref name="height"/> are for GSLIB (they override the title line); for a PNG
    /// they may only repeat its size.
    /// </summary>
    /// <returns>The image with row 0 at the bottom: PNG rows are flipped, GSLIB is bottom-first already.</returns>
    /// <exception cref="InvalidDataException">An unreadable file, or one facies only after thresholding.</exception>
    public static FaciesImage Read(string path, TrainingImageFormat format = TrainingImageFormat.Auto, double threshold = 0.5, int? width = null, int? height = null)
    {
        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a finite number.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Training image '{path}' does not exist.", path);
        }

        var (w, h, values) = Resolve(path, format) == TrainingImageFormat.Png
            ? ReadPngBottomUp(path, width, height)
            : GslibGrid.Read(path, width, height);
        return Binarise(path, w, h, values, threshold);
    }

    /// <summary>The format <see cref="TrainingImageFormat.Auto"/> stands for: by extension, else by the PNG signature.</summary>
    internal static TrainingImageFormat Resolve(string path, TrainingImageFormat format)
    {
        if (format != TrainingImageFormat.Auto)
        {
            return format;
        }

        var extension = Path.GetExtension(path);
        if (extension.Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            return TrainingImageFormat.Png;
        }

        if (GslibExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            return TrainingImageFormat.Gslib;
        }

        return StartsWithPngSignature(path) ? TrainingImageFormat.Png : TrainingImageFormat.Gslib;
    }

    private static bool StartsWithPngSignature(string path)
    {
        Span<byte> start = stackalloc byte[8];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length
            && start.SequenceEqual((ReadOnlySpan<byte>)[137, 80, 78, 71, 13, 10, 26, 10]);
    }

    /// <summary>PNG rows run top-down; flipping them puts row 0 at the bottom like the Darcy grid.</summary>
    private static (int, int, double[]) ReadPngBottomUp(string path, int? width, int? height)
    {
        var (w, h, gray) = PngDecoder.ReadGray(path);
        if ((width ?? w) != w || (height ?? h) != h)
        {
            throw new InvalidDataException($"{path}: the PNG is {w} x {h} pixels, not {width ?? w} x {height ?? h}; drop the width and height options for PNG images.");
        }

        var flipped = new double[gray.Length];
        for (var y = 0; y < h; y++)
        {
            Array.Copy(gray, (long)(h - 1 - y) * w, flipped, (long)y * w, w);
        }

        return (w, h, flipped);
    }

    /// <summary>One facies only would make every patch constant: no channels to learn, so it is an error.</summary>
    private static FaciesImage Binarise(string path, int width, int height, double[] values, double threshold)
    {
        var channel = values.Select(v => v >= threshold).ToArray();
        var image = new FaciesImage(width, height, channel);
        var fraction = image.ChannelFraction;
        if (fraction is > 0 and < 1)
        {
            return image;
        }

        var (min, max) = (values.Min(), values.Max());
        var advice = min == max
            ? $"every value is {min}, so the image holds a single facies; use an image with channels and background."
            : $"the values range from {min} to {max}: choose a threshold between them, e.g. {(min + max) / 2}.";
        var facies = fraction == 0 ? "background" : "channel";
        throw new InvalidDataException($"{path}: not two-valued after thresholding at {threshold}, every cell is {facies} (channel fraction {fraction}); {advice}");
    }
}
