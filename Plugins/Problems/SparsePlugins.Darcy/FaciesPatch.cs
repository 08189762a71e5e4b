namespace SparsePlugins.Darcy;

/// <summary>
/// Square windows of a training image as fields for the Darcy grid, optionally transformed by one of the 8 symmetries
/// of the square (the dihedral group) to get eight times as many distinct patterns from one image. Whether that is
/// physical is the caller's choice: a rotation turns channels along the flow into channels across it.
/// </summary>
public static class FaciesPatch
{
    /// <summary>
    /// The <paramref name="n"/> x <paramref name="n"/> window with lower-left corner (<paramref name="x0"/>,
    /// <paramref name="y0"/>), row-major with row 0 at the bottom, transformed by element <paramref name="transform"/>:
    /// 0 identity, 1-3 rotations by 90/180/270 degrees counter-clockwise, 4-7 the same after the flip x -> n-1-x.
    /// </summary>
    public static void Crop(FaciesImage image, int n, int x0, int y0, int transform, Span<bool> patch)
    {
        CheckWindow(image, n, x0, y0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)transform, 7u, nameof(transform));
        if (patch.Length != n * n)
        {
            throw new ArgumentException($"A {n} x {n} patch needs {n * n} cells, got {patch.Length}.", nameof(patch));
        }

        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                var (u, v) = Map(transform, n, x, y);
                patch[v * n + u] = image.Channel[(y0 + y) * image.Width + x0 + x];
            }
        }
    }

    /// <summary>A window at a uniformly drawn corner and, when <paramref name="augment"/>, a uniformly drawn transform.</summary>
    /// <returns>The corner and transform drawn, so the patch can be traced back to the image.</returns>
    /// <exception cref="InvalidDataException">The image is smaller than the patch.</exception>
    public static (int X0, int Y0, int Transform) Draw(FaciesImage image, int n, Random random, bool augment, Span<bool> patch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (image.Width < n || image.Height < n)
        {
            throw new InvalidDataException(
                $"The training image is {image.Width} x {image.Height} cells, smaller than the {n} x {n} patch; use a smaller N or a larger image.");
        }

        var x0 = random.Next(image.Width - n + 1);
        var y0 = random.Next(image.Height - n + 1);
        var transform = augment ? random.Next(8) : 0;
        Crop(image, n, x0, y0, transform, patch);
        return (x0, y0, transform);
    }

    private static void CheckWindow(FaciesImage image, int n, int x0, int y0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (x0 < 0 || y0 < 0 || x0 > image.Width - n || y0 > image.Height - n)
        {
            throw new ArgumentOutOfRangeException(x0 < 0 || x0 > image.Width - n ? nameof(x0) : nameof(y0),
                $"The {n} x {n} window at ({x0}, {y0}) does not fit in the {image.Width} x {image.Height} image: x0 must lie in [0, {image.Width - n}] and y0 in [0, {image.Height - n}].");
        }
    }

    /// <summary>Where the transform sends cell (x, y): the flip first (4-7), then quarter turns about the centre.</summary>
    private static (int X, int Y) Map(int transform, int n, int x, int y)
    {
        if (transform >= 4)
        {
            x = n - 1 - x;
        }

        for (var turn = 0; turn < transform % 4; turn++)
        {
            // Counter-clockwise with y up: the bottom-right corner (n-1, 0) goes to the top-right (n-1, n-1).
            (x, y) = (n - 1 - y, x);
        }

        return (x, y);
    }
}
