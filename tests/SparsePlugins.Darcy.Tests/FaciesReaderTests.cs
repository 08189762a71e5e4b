using System.Diagnostics;
using Xunit.Abstractions;

namespace SparsePlugins.Darcy.Tests;

/// <summary>The real training images in ../shared/data/training-images, read once per test class (the PNG is 2500 x 2500).</summary>
public sealed class TrainingImagesFixture
{
    public TrainingImagesFixture()
    {
        Directory = FindDirectory();
        var clock = Stopwatch.StartNew();
        Png = TrainingImageReader.Read(Path.Combine(Directory, "ti_2500_1ch.png"));
        PngSeconds = clock.Elapsed.TotalSeconds;
        Strebelle = TrainingImageReader.Read(Path.Combine(Directory, "ti_strebelle_250_250_1.dat"));
    }

    public string Directory { get; }

    public FaciesImage Png { get; }

    public double PngSeconds { get; }

    public FaciesImage Strebelle { get; }

    /// <summary>
    /// TRAINING_IMAGES_DIR if set, else shared/data/training-images above the test assembly or the working
    /// directory (any checkout beside ../shared), else the machine's /work/shared.
    /// </summary>
    private static string FindDirectory()
    {
        if (Environment.GetEnvironmentVariable("TRAINING_IMAGES_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "training-images");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        if (System.IO.Directory.Exists("/work/shared/data/training-images"))
        {
            return "/work/shared/data/training-images";
        }

        throw new DirectoryNotFoundException(
            $"No shared/data/training-images above {AppContext.BaseDirectory}; the training images live beside the repository " +
            "(../shared/data/training-images); set TRAINING_IMAGES_DIR to their folder.");
    }
}

public sealed class FaciesTrainingImageTests(TrainingImagesFixture images, ITestOutputHelper output) : IClassFixture<TrainingImagesFixture>
{
    [Fact]
    public void ThePngTrainingImageIsOneQuarterChannel()
    {
        output.WriteLine($"ti_2500_1ch.png read and thresholded in {images.PngSeconds:0.00} s");
        Assert.Equal((2500, 2500), (images.Png.Width, images.Png.Height));
        Assert.InRange(images.Png.ChannelFraction, 0.257, 0.261);
    }

    [Fact]
    public void TheStrebelleImageTakesItsSizeFromTheTitle()
    {
        Assert.Equal((250, 250), (images.Strebelle.Width, images.Strebelle.Height));
        Assert.InRange(images.Strebelle.ChannelFraction, 0.275, 0.279);
    }
}

public sealed class FaciesReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("darcy-ti-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void PngRowsAreFlippedSoTheTopRowIsTheLastGridRow()
    {
        byte[][] rows = [[255, 255, 255, 255], [0, 0, 0, 0], [0, 0, 0, 0]];
        var image = TrainingImageReader.Read(Write("top.png", TestPng.Encode(4, 3, 0, 8, rows, filter: 0)));

        Assert.All(Enumerable.Range(0, 4), x => Assert.True(image[x, 2]));
        Assert.All(Enumerable.Range(0, 4), x => Assert.False(image[x, 0]));
        Assert.Equal(1.0 / 3, image.ChannelFraction, 12);
    }

    [Fact]
    public void AnAllBlackImageIsNotTwoValued()
    {
        var path = Write("black.png", TestPng.Encode(3, 2, 0, 8, [[0, 0, 0], [0, 0, 0]], filter: 0));
        var error = Assert.Throws<InvalidDataException>(() => TrainingImageReader.Read(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("not two-valued", error.Message);
    }

    [Fact]
    public void AThresholdOutsideTheValuesSuggestsOneBetweenThem()
    {
        var path = Write("ti.dat", "2 1 1\n1\nf\n1\n3\n"u8.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => TrainingImageReader.Read(path, threshold: 5));
        Assert.Contains("channel fraction 0", error.Message);
        Assert.Contains("between them, e.g. 2", error.Message);
    }

    [Fact]
    public void TheThresholdMovesTheChannelFraction()
    {
        // Grey levels 0, 0.4, 0.8, 1 (more than two levels is fine).
        var path = Write("grey.png", TestPng.Encode(4, 1, 0, 8, [[0, 102, 204, 255]], filter: 0));
        Assert.Equal(0.75, TrainingImageReader.Read(path, threshold: 0.3).ChannelFraction);
        Assert.Equal(0.5, TrainingImageReader.Read(path).ChannelFraction);
        Assert.Equal(0.25, TrainingImageReader.Read(path, threshold: 0.9).ChannelFraction);
    }

    [Fact]
    public void AutoDetectsByExtensionThenBySignature()
    {
        var png = TestPng.Encode(2, 1, 0, 8, [[0, 255]], filter: 0);
        var gslib = "2 1 1\n1\nf\n0\n1\n"u8.ToArray();
        Assert.Equal(TrainingImageFormat.Png, TrainingImageReader.Resolve(Write("a.PNG", png), TrainingImageFormat.Auto));
        Assert.Equal(TrainingImageFormat.Gslib, TrainingImageReader.Resolve(Write("a.sgems", gslib), TrainingImageFormat.Auto));
        Assert.Equal(TrainingImageFormat.Png, TrainingImageReader.Resolve(Write("a.img", png), TrainingImageFormat.Auto));
        Assert.Equal(TrainingImageFormat.Gslib, TrainingImageReader.Resolve(Write("b.img", gslib), TrainingImageFormat.Auto));
        Assert.True(TrainingImageReader.Read(Path.Combine(_directory, "b.img"))[1, 0]);
        Assert.True(TrainingImageReader.Read(Path.Combine(_directory, "a.img"))[1, 0]);
    }

    [Fact]
    public void APngSizeOptionThatDisagreesIsAnError()
    {
        var path = Write("small.png", TestPng.Encode(2, 1, 0, 8, [[0, 255]], filter: 0));
        Assert.Contains("2 x 1", Assert.Throws<InvalidDataException>(() => TrainingImageReader.Read(path, width: 3)).Message);
    }

    [Fact]
    public void FaciesImageChecksItsShape()
    {
        Assert.Throws<ArgumentException>(() => new FaciesImage(2, 2, new bool[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaciesImage(0, 2, []));
        var image = new FaciesImage(2, 1, [false, true]);
        Assert.Throws<ArgumentOutOfRangeException>(() => image[2, 0]);
    }
}
