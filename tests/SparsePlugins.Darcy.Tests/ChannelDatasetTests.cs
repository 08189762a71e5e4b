namespace SparsePlugins.Darcy.Tests;

/// <summary>Channelized data sets: the generator options, the file, and the cache key.</summary>
public sealed class ChannelDatasetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("channel-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DarcyGeneratorOptions Channels(int seed = 5) => new()
    {
        N = 12, Samples = 10, Seed = seed, Channels = new ChannelFieldOptions { Shape = new ChannelShape(Width: 0.2) },
    };

    [Fact]
    public void KleOptionsKeepTheHashTheyHadBeforeChannelFieldsExisted()
    {
        // Cached KLE data sets and files written by `generate` stay valid: the JSON omits Channels when it is null.
        var json = new DarcyGeneratorOptions { Terms = 32, Mean = 10, Form = PermeabilityForm.Affine }.ToJson();
        Assert.DoesNotContain("Channels", json, StringComparison.Ordinal);
        Assert.EndsWith("\"Samples\":1500,\"Seed\":1}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AChannelDataSetIsBinarySeededAndRoundTripsThroughItsFile()
    {
        var data = DarcyDatasetGenerator.Generate(Channels());
        Assert.All(data.Permeability, k => Assert.True(k is 10f or 0.1f));
        Assert.Equal(ChannelFieldOptions.LatentWidth, data.Terms);
        for (var s = 0; s < data.Samples; s++)
        {
            var fraction = data.PermeabilityOf(s).ToArray().Count(k => k == 10f) / 144.0;
            Assert.Equal(fraction, data.CoefficientsOf(s)[1], 12); // (count, fraction, 0, 0) for procedural fields
            Assert.InRange(fraction, 0.15, 0.4);
        }

        Assert.Equal(data.Permeability, DarcyDatasetGenerator.Generate(Channels()).Permeability);
        Assert.NotEqual(data.Permeability, DarcyDatasetGenerator.Generate(Channels(6)).Permeability);

        var path = Path.Combine(_directory, "c.h5");
        data.Write(path);
        var read = DarcyDataset.Read(path, Channels());
        Assert.Equal(data.Velocity, read.Velocity);
        Assert.Equal(data.Coefficients, read.Coefficients);
        Assert.Equal(0.2, read.Options.Channels!.Shape.Width);
    }

    [Fact]
    public void AnEditedTrainingImageIsNotServedFromAStaleHash()
    {
        var image = Path.Combine(_directory, "ti.dat");
        File.WriteAllLines(image, ["4 4 1", "1", "facies", .. Enumerable.Range(0, 16).Select(i => (i % 2).ToString())]);
        var options = new DarcyGeneratorOptions
        {
            N = 2, Samples = 2,
            Channels = new ChannelFieldOptions { Source = ChannelSource.TrainingImage, TrainingImage = image, TrainingImageSha256 = FileHash.Sha256(image) },
        };
        Assert.Equal(2, DarcyDatasetGenerator.Generate(options).Samples);

        File.AppendAllText(image, "\n");
        var error = Assert.Throws<InvalidDataException>(() => DarcyDatasetGenerator.Generate(options));
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }
}
