using PureHDF;

namespace SparsePlugins.Darcy.Tests;

public sealed class DatasetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("darcy-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DarcyGeneratorOptions Small(int samples = 12) => new() { N = 8, Terms = 8, Samples = samples, Seed = 42 };

    [Fact]
    public void GenerationIsDeterministicWhateverTheParallelism()
    {
        var serial = DarcyDatasetGenerator.Generate(Small(), maxDegreeOfParallelism: 1);
        var parallel = DarcyDatasetGenerator.Generate(Small(), maxDegreeOfParallelism: 2);
        Assert.Equal(serial.Permeability, parallel.Permeability);
        Assert.Equal(serial.Velocity, parallel.Velocity);
        Assert.Equal(serial.Pressure, parallel.Pressure);
        Assert.Equal(serial.Coefficients, parallel.Coefficients);
    }

    [Fact]
    public void EverySampleIsTheSolutionForItsStoredFieldAndCoefficients()
    {
        var options = Small(5);
        var data = DarcyDatasetGenerator.Generate(options);
        var grid = new DarcyGrid(options.N);
        var field = new KleField(new KleBasis(grid, options.Terms), options.Mean, options.Form);
        var kappa = new double[grid.CellCount];
        var solution = new DarcySolution(grid);
        for (var s = 0; s < options.Samples; s++)
        {
            field.Evaluate(data.CoefficientsOf(s), kappa);
            Assert.Equal(kappa.Select(v => (float)v).ToArray(), data.PermeabilityOf(s).ToArray());
            new RT0Solver(grid).Solve(data.PermeabilityOf(s).ToArray().Select(v => (double)v).ToArray(), solution);
            Assert.Equal(solution.Velocity, data.VelocityOf(s).ToArray());
            Assert.Equal(solution.Pressure, data.PressureOf(s).ToArray());
        }

        Assert.NotEqual(data.PermeabilityOf(0).ToArray(), data.PermeabilityOf(1).ToArray());
    }

    [Fact]
    public void ProgressReachesTheTotal()
    {
        var reports = new List<(long Done, long Total)>();
        var progress = new SynchronousProgress(r =>
        {
            lock (reports)
            {
                reports.Add(r);
            }
        });
        DarcyDatasetGenerator.Generate(Small(30), progress);
        Assert.Contains((30L, 30L), reports);
        Assert.All(reports, r => Assert.InRange(r.Done, 1, 30));
    }

    [Fact]
    public void GenerationStopsWhenCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DarcyDatasetGenerator.Generate(Small(), cancellationToken: cancelled.Token));
    }

    [Fact]
    public void AffineFieldsWithLowMeanAreRefusedNamingTheOption()
    {
        var options = Small();
        options.Form = PermeabilityForm.Affine;
        options.Terms = 32;
        var error = Assert.Throws<InvalidOperationException>(() => DarcyDatasetGenerator.Generate(options));
        Assert.Contains("Mean", error.Message);
        options.Mean = 20;
        DarcyDatasetGenerator.Generate(options);
    }

    [Fact]
    public void WriteThenReadRoundTripsAndLeavesNoTemporaryFile()
    {
        var data = DarcyDatasetGenerator.Generate(Small());
        var path = Path.Combine(_directory, "sub", "data.h5");
        data.Write(path);
        data.Write(path);
        Assert.Equal(["data.h5"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));

        var read = DarcyDataset.Read(path, Small());
        Assert.Equal(data.Permeability, read.Permeability);
        Assert.Equal(data.Velocity, read.Velocity);
        Assert.Equal(data.Pressure, read.Pressure);
        Assert.Equal(data.Coefficients, read.Coefficients);
        Assert.Equal(data.VarianceKept, read.VarianceKept);
        Assert.Equal(Small().Hash(), read.Options.Hash());

        using var file = H5File.OpenRead(path);
        Assert.Equal(DarcyDataset.FormatVersion, file.Attribute("format_version").Read<int>());
        Assert.Equal(42, file.Attribute("seed").Read<int>());
        Assert.Equal(new ulong[] { 12, 8, 8 }, file.Dataset("permeability").Space.Dimensions);
        Assert.Equal(new ulong[] { 12, 144 }, file.Dataset("velocity").Space.Dimensions);
    }

    [Fact]
    public void ReadRefusesOtherOptionsAndCorruptFiles()
    {
        var path = Path.Combine(_directory, "data.h5");
        DarcyDatasetGenerator.Generate(Small()).Write(path);

        var other = Small();
        other.Seed = 43;
        Assert.Throws<InvalidDataException>(() => DarcyDataset.Read(path, other));

        var truncated = Path.Combine(_directory, "truncated.h5");
        File.WriteAllBytes(truncated, File.ReadAllBytes(path)[..2000]);
        Assert.Throws<InvalidDataException>(() => DarcyDataset.Read(truncated));

        var garbage = Path.Combine(_directory, "garbage.h5");
        File.WriteAllText(garbage, "not an HDF5 file at all");
        Assert.Throws<InvalidDataException>(() => DarcyDataset.Read(garbage));

        Assert.Throws<FileNotFoundException>(() => DarcyDataset.Read(Path.Combine(_directory, "missing.h5")));
    }

    [Fact]
    public void ReadRefusesEditedOptionsAndWrongShapes()
    {
        var options = Small(2);
        var edited = Path.Combine(_directory, "edited.h5");
        var tampered = options.Clone();
        tampered.Seed = 7;
        WriteRaw(edited, tampered.ToJson(), options.Hash(), velocityColumns: 144);
        Assert.Contains("hash", Assert.Throws<InvalidDataException>(() => DarcyDataset.Read(edited)).Message);

        var shape = Path.Combine(_directory, "shape.h5");
        WriteRaw(shape, options.ToJson(), options.Hash(), velocityColumns: 143);
        Assert.Contains("velocity", Assert.Throws<InvalidDataException>(() => DarcyDataset.Read(shape)).Message);

        var version = Path.Combine(_directory, "version.h5");
        WriteRaw(version, options.ToJson(), options.Hash(), velocityColumns: 144, formatVersion: 99);
        Assert.Contains("version", Assert.Throws<InvalidDataException>(() => DarcyDataset.Read(version)).Message);
    }

    private static void WriteRaw(string path, string json, string hash, int velocityColumns, int formatVersion = DarcyDataset.FormatVersion)
    {
        var file = new H5File
        {
            ["permeability"] = new H5Dataset(new float[2 * 64], fileDims: [2, 8, 8]),
            ["velocity"] = new H5Dataset(new double[2 * velocityColumns], fileDims: [2, (ulong)velocityColumns]),
            ["pressure"] = new H5Dataset(new double[2 * 64], fileDims: [2, 8, 8]),
            ["coefficients"] = new H5Dataset(new double[2 * 8], fileDims: [2, 8]),
        };
        file.Attributes["format_version"] = formatVersion;
        file.Attributes["options_json"] = json;
        file.Attributes["options_hash"] = hash;
        file.Attributes["variance_kept"] = 1.0;
        file.Write(path);
    }

    [Fact]
    public void CacheReusesValidFilesAndReplacesCorruptOnes()
    {
        var options = Small();
        var first = DarcyDatasetCache.GetOrCreate(options, _directory);
        Assert.True(first.Generated);
        Assert.Equal(DarcyDatasetCache.PathFor(options, _directory), first.Path);
        Assert.Matches(@"darcy-[0-9a-f]{16}\.h5$", first.Path);

        var second = DarcyDatasetCache.GetOrCreate(options, _directory);
        Assert.False(second.Generated);
        Assert.Equal(first.Dataset.Velocity, second.Dataset.Velocity);

        File.WriteAllBytes(first.Path, new byte[100]);
        var notices = new List<string>();
        var third = DarcyDatasetCache.GetOrCreate(options, _directory, notice: notices.Add);
        Assert.True(third.Generated);
        Assert.Contains("unreadable", Assert.Single(notices), StringComparison.Ordinal);
        Assert.Equal(first.Dataset.Velocity, third.Dataset.Velocity);

        var other = Small();
        other.Terms = 16;
        Assert.NotEqual(first.Path, DarcyDatasetCache.PathFor(other, _directory));
    }

    [Fact]
    public async Task ConcurrentCallersGenerateOnceAndAllReadTheSameData()
    {
        // Four callers at once, as four Slurm array tasks sharing a cache: whatever the interleaving, exactly one
        // generates (it holds the lock), the others wait and read its file; nobody sees a partial file.
        var options = Small();
        using var start = new Barrier(4);
        var results = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return DarcyDatasetCache.GetOrCreate(options, _directory);
            }))
            .ToArray();
        var done = await Task.WhenAll(results);

        Assert.Equal(1, done.Count(r => r.Generated));
        foreach (var result in done)
        {
            Assert.Equal(done[0].Dataset.Velocity, result.Dataset.Velocity);
        }
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp-*"));
    }

    [Fact]
    public async Task CallerWaitsForTheLockHolderAndSaysSo()
    {
        var options = Small();
        var path = DarcyDatasetCache.PathFor(options, _directory);
        Directory.CreateDirectory(_directory);
        var held = FileLock.TryAcquire(path + ".lock");
        Assert.NotNull(held);
        Assert.Null(FileLock.TryAcquire(path + ".lock"));

        using var waiting = new ManualResetEventSlim();
        var call = Task.Run(() => DarcyDatasetCache.GetOrCreate(options, _directory, notice: _ => waiting.Set()));
        Assert.True(waiting.Wait(TimeSpan.FromSeconds(30)), "the caller should report that it waits for the lock");
        Assert.False(call.IsCompleted);

        held!.Dispose();
        var result = await call.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(result.Generated);
    }

    [Fact]
    public void ShardsGeneratedApartMergeIntoTheWholeDataSet()
    {
        var whole = DarcyDatasetGenerator.Generate(Small(11));
        // 11 samples in 3 shares: 3, 4, 4 (floor(i N / n) boundaries), written and read back, merged out of order.
        var shards = Enumerable.Range(0, 3).Select(i =>
        {
            var path = Path.Combine(_directory, $"shard{i}.h5");
            DarcyDatasetGenerator.Generate(DarcyDatasetShards.Shard(Small(11), i, 3)).Write(path);
            return (path, DarcyDataset.Read(path));
        }).Reverse().ToList();
        Assert.Equal([4, 4, 3], shards.Select(s => s.Item2.Samples));

        var merged = DarcyDatasetShards.Merge(shards);

        Assert.Equal(whole.Options.Hash(), merged.Options.Hash());
        Assert.Equal(whole.Permeability, merged.Permeability);
        Assert.Equal(whole.Velocity, merged.Velocity);
        Assert.Equal(whole.Pressure, merged.Pressure);
        Assert.Equal(whole.Coefficients, merged.Coefficients);
        Assert.Contains("missing", Assert.Throws<InvalidDataException>(() => DarcyDatasetShards.Merge([shards[0], shards[2]])).Message);
        Assert.Contains("twice", Assert.Throws<InvalidDataException>(() => DarcyDatasetShards.Merge([shards[2], shards[2]])).Message);
        var otherSeed = Small(11);
        otherSeed.Seed = 43;
        var foreign = DarcyDatasetGenerator.Generate(DarcyDatasetShards.Shard(otherSeed, 0, 3));
        Assert.Contains("other options", Assert.Throws<InvalidDataException>(() =>
            DarcyDatasetShards.Merge([shards[0], shards[1], ("foreign.h5", foreign)])).Message);
    }

    [Fact]
    public void OptionsRoundTripThroughJsonAndHashEveryField()
    {
        var options = new DarcyGeneratorOptions { Form = PermeabilityForm.Affine, Mean = 10, CorrelationLengthX = 0.1 };
        var copy = DarcyGeneratorOptions.FromJson(options.ToJson());
        Assert.Equal(options.Hash(), copy.Hash());
        Assert.Contains("\"Form\":\"Affine\"", options.ToJson());
        Assert.Equal(64, options.Hash().Length);
        copy.PressureRight = 1e-17;
        Assert.NotEqual(options.Hash(), copy.Hash());

        Assert.Contains("Terms", Assert.Throws<ArgumentException>(() => new DarcyGeneratorOptions { N = 4, Terms = 17 }.Validate()).Message);
        Assert.Contains("Samples", Assert.Throws<ArgumentException>(() => new DarcyGeneratorOptions { Samples = 0 }.Validate()).Message);
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so the test sees every report before Generate returns.</summary>
    private sealed class SynchronousProgress(Action<(long Done, long Total)> report) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => report(value);
    }
}
