namespace SparsePlugins.Darcy;

/// <summary>
/// A binary facies image (true = channel, the high-permeability facies). Row-major with row 0 at the BOTTOM and y
/// growing upwards, the Darcy grid's convention, so a window of it is a permeability pattern without any flipping.
/// </summary>
public sealed class FaciesImage
{
    /// <summary>Wraps <paramref name="channel"/> (row-major, <c>channel[y * width + x]</c>) without copying it.</summary>
    public FaciesImage(int width, int height, bool[] channel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(channel);
        if ((long)width * height != channel.Length)
        {
            throw new ArgumentException($"A {width} x {height} image needs {(long)width * height} cells, got {channel.Length}.", nameof(channel));
        }

        Width = width;
        Height = height;
        Channel = channel;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major, <c>Channel[y * Width + x]</c>, row 0 at the bottom.</summary>
    public bool[] Channel { get; }

    /// <summary>Share of channel cells; counted on each call so it stays right if <see cref="Channel"/> is edited.</summary>
    public double ChannelFraction => (double)Channel.AsSpan().Count(true) / Channel.Length;

    /// <summary>Cell (x, y), y = 0 the bottom row; checked per axis so an x past the edge cannot wrap into the next row.</summary>
    public bool this[int x, int y] =>
        (uint)x < (uint)Width && (uint)y < (uint)Height
            ? Channel[y * Width + x]
            : throw new ArgumentOutOfRangeException(nameof(x), $"Cell ({x}, {y}) is outside the {Width} x {Height} image.");
}
