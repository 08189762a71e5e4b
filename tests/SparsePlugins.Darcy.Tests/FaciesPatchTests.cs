namespace SparsePlugins.Darcy.Tests;

public sealed class FaciesPatchTests
{
    /// <summary>A pseudo-random image: no symmetry, so distinct transforms give distinct patches.</summary>
    private static FaciesImage RandomImage(int width, int height, int seed)
    {
        var random = new Random(seed);
        return new FaciesImage(width, height, Enumerable.Range(0, width * height).Select(_ => random.Next(2) == 1).ToArray());
    }

    private static bool[] Crop(FaciesImage image, int n, int x0, int y0, int transform)
    {
        var patch = new bool[n * n];
        FaciesPatch.Crop(image, n, x0, y0, transform, patch);
        return patch;
    }

    [Fact]
    public void CropAtACornerCopiesTheImage()
    {
        var image = RandomImage(9, 7, seed: 1);
        var (n, x0, y0) = (4, 5, 3); // the top-right corner
        var patch = Crop(image, n, x0, y0, transform: 0);
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                Assert.Equal(image[x0 + x, y0 + y], patch[y * n + x]);
            }
        }
    }

    [Fact]
    public void QuarterTurnIsCounterClockwiseAndFlipMirrorsX()
    {
        // Only the bottom-right cell (1, 0) set.
        var image = new FaciesImage(2, 2, [false, true, false, false]);
        Assert.Equal([false, false, false, true], Crop(image, 2, 0, 0, 1)); // to the top right
        Assert.Equal([true, false, false, false], Crop(image, 2, 0, 0, 4)); // to the bottom left
    }

    [Fact]
    public void TheEightTransformsAreDistinctAndComposeLikeTheGroup()
    {
        const int n = 5;
        var image = RandomImage(n, n, seed: 2);
        var patches = Enumerable.Range(0, 8).Select(t => Crop(image, n, 0, 0, t)).ToArray();
        Assert.Equal(8, patches.Select(p => string.Concat(p.Select(b => b ? '1' : '0'))).Distinct().Count());

        var turnedOnce = new FaciesImage(n, n, patches[1]);
        Assert.Equal(patches[2], Crop(turnedOnce, n, 0, 0, 1));
        Assert.Equal(patches[3], Crop(new FaciesImage(n, n, patches[2]), n, 0, 0, 1));
        Assert.Equal(patches[0], Crop(new FaciesImage(n, n, patches[4]), n, 0, 0, 4));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, -1)]
    [InlineData(6, 0)]
    [InlineData(0, 4)]
    public void WindowsOutsideTheImageAreRejected(int x0, int y0)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Crop(RandomImage(9, 7, 3), 4, x0, y0, 0));
        Assert.Contains("does not fit in the 9 x 7 image", error.Message);
    }

    [Fact]
    public void DrawnWindowsStayInsideAndReachBothEnds()
    {
        var image = RandomImage(30, 20, seed: 4);
        const int n = 10;
        var random = new Random(5);
        var patch = new bool[n * n];
        var corners = new HashSet<(int, int)>();
        var transforms = new HashSet<int>();
        for (var draw = 0; draw < 2000; draw++)
        {
            var (x0, y0, transform) = FaciesPatch.Draw(image, n, random, augment: true, patch);
            Assert.InRange(x0, 0, 20);
            Assert.InRange(y0, 0, 10);
            Assert.Equal(Crop(image, n, x0, y0, transform), patch);
            corners.Add((x0, y0));
            transforms.Add(transform);
        }

        Assert.Contains(corners, c => c.Item1 == 0);
        Assert.Contains(corners, c => c.Item1 == 20);
        Assert.Contains(corners, c => c.Item2 == 0);
        Assert.Contains(corners, c => c.Item2 == 10);
        Assert.Equal(8, transforms.Count);
    }

    [Fact]
    public void WithoutAugmentationTheTransformIsIdentity()
    {
        var image = RandomImage(12, 12, seed: 6);
        var random = new Random(7);
        var patch = new bool[16];
        Assert.All(Enumerable.Range(0, 200), _ => Assert.Equal(0, FaciesPatch.Draw(image, 4, random, augment: false, patch).Transform));
    }

    [Fact]
    public void AnImageSmallerThanThePatchIsAnError()
    {
        var error = Assert.Throws<InvalidDataException>(() => FaciesPatch.Draw(RandomImage(30, 8, 8), 10, new Random(1), true, new bool[100]));
        Assert.Contains("30 x 8", error.Message);
        Assert.Contains("smaller N", error.Message);
    }
}
