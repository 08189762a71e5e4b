using System.Text.Json;
using PureHDF;

namespace SparsePlugins.Darcy;

/// <summary>
/// A generated data set of permeability / velocity / pressure triples and the HDF5 file that holds it.
/// </summary>
/// <remarks>
/// File layout (format version 1), all datasets contiguous, sample index first, arrays row-major with row 0 at the
/// bottom of the domain:
/// <list type="bullet">
/// <item><c>permeability</c> float32 [S, N, N]: the field the velocities were computed for (already rounded to float32).</item>
/// <item><c>velocity</c> float64 [S, 2 N (N + 1)]: ux (N rows of N + 1) then uy (N + 1 rows of N).</item>
/// <item><c>pressure</c> float64 [S, N, N].</item>
/// <item><c>coefficients</c> float64 [S, Terms]: the KLE coefficients mu, or for channel fields the descriptors of
/// <see cref="ChannelFieldOptions.LatentWidth"/>.</item>
/// </list>
/// Root attributes: <c>format_version</c> (int32), <c>problem</c>, <c>options_json</c>, <c>options_hash</c>
/// (SHA-256 hex of options_json), <c>seed</c>, <c>n</c>, <c>samples</c>, <c>terms</c> (int32),
/// <c>variance_kept</c> (float64), <c>velocity_layout</c> (text).
/// </remarks>
public sealed class DarcyDataset
{
    public const int FormatVersion = 1;

    public const string ProblemName = "darcy-rt0";

    public DarcyDataset(DarcyGeneratorOptions options, float[] permeability, double[] velocity, double[] pressure, double[] coefficients, double varianceKept)
    {
        options.Validate();
        Options = options;
        Grid = new DarcyGrid(options.N);
        var s = options.Samples;
        Check(permeability.Length, (long)s * Grid.CellCount, "permeability");
        Check(velocity.Length, (long)s * Grid.VelocityLength, "velocity");
        Check(pressure.Length, (long)s * Grid.CellCount, "pressure");
        Check(coefficients.Length, (long)s * options.LatentWidth, "coefficients");
        Permeability = permeability;
        Velocity = velocity;
        Pressure = pressure;
        Coefficients = coefficients;
        VarianceKept = varianceKept;

        static void Check(int actual, long expected, string name)
        {
            if (actual != expected)
            {
                throw new ArgumentException($"{name} has {actual} values, expected {expected}.", name);
            }
        }
    }

    public DarcyGeneratorOptions Options { get; }

    public DarcyGrid Grid { get; }

    public int Samples => Options.Samples;

    /// <summary>Latent values per sample (<see cref="DarcyGeneratorOptions.LatentWidth"/>).</summary>
    public int Terms => Options.LatentWidth;

    /// <summary>[S, N, N].</summary>
    public float[] Permeability { get; }

    /// <summary>[S, 2 N (N + 1)].</summary>
    public double[] Velocity { get; }

    /// <summary>[S, N, N].</summary>
    public double[] Pressure { get; }

    /// <summary>[S, Terms].</summary>
    public double[] Coefficients { get; }

    /// <summary>Share of the field variance the KLE terms keep.</summary>
    public double VarianceKept { get; }

    public ReadOnlySpan<float> PermeabilityOf(int sample) => Permeability.AsSpan(sample * Grid.CellCount, Grid.CellCount);

    public ReadOnlySpan<double> VelocityOf(int sample) => Velocity.AsSpan(sample * Grid.VelocityLength, Grid.VelocityLength);

    public ReadOnlySpan<double> PressureOf(int sample) => Pressure.AsSpan(sample * Grid.CellCount, Grid.CellCount);

    public ReadOnlySpan<double> CoefficientsOf(int sample) => Coefficients.AsSpan(sample * Terms, Terms);

    /// <summary>
    /// Writes the file atomically: into <c>path.tmp-GUID</c> beside it, then renamed over <paramref name="path"/>, so
    /// a reader never sees a half-written file and an interrupted write leaves the old one intact.
    /// </summary>
    public void Write(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.tmp-{Guid.NewGuid():N}";
        var s = (ulong)Samples;
        var n = (ulong)Grid.N;
        var json = Options.ToJson();
        var file = new H5File
        {
            ["permeability"] = new H5Dataset(Permeability, fileDims: [s, n, n]),
            ["velocity"] = new H5Dataset(Velocity, fileDims: [s, (ulong)Grid.VelocityLength]),
            ["pressure"] = new H5Dataset(Pressure, fileDims: [s, n, n]),
            ["coefficients"] = new H5Dataset(Coefficients, fileDims: [s, (ulong)Terms]),
        };
        file.Attributes["format_version"] = FormatVersion;
        file.Attributes["problem"] = ProblemName;
        file.Attributes["options_json"] = json;
        file.Attributes["options_hash"] = Options.Hash();
        file.Attributes["seed"] = Options.Seed;
        file.Attributes["n"] = Grid.N;
        file.Attributes["samples"] = Samples;
        file.Attributes["terms"] = Terms;
        file.Attributes["variance_kept"] = VarianceKept;
        file.Attributes["velocity_layout"] = "ux[N][N+1] row-major then uy[N+1][N] row-major; row 0 at y = 0; faces oriented +x / +y";
        try
        {
            file.Write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Reads and validates a file written by <see cref="Write"/>. With <paramref name="expected"/> the file must have
    /// been generated from options with the same hash.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a readable HDF5 file, is of another format version,
    /// lacks a dataset or has one of the wrong shape or type, its options do not match their hash, or they differ
    /// from <paramref name="expected"/>.</exception>
    public static DarcyDataset Read(string path, DarcyGeneratorOptions? expected = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Darcy data set '{path}' does not exist.", path);
        }

        try
        {
            using var file = H5File.OpenRead(path);
            var version = ReadAttribute<int>(file, "format_version", path);
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"{path}: format version {version}, this reader understands {FormatVersion}.");
            }

            var json = ReadAttribute<string>(file, "options_json", path);
            var storedHash = ReadAttribute<string>(file, "options_hash", path);
            DarcyGeneratorOptions options;
            try
            {
                options = DarcyGeneratorOptions.FromJson(json);
                options.Validate();
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                throw new InvalidDataException($"{path}: the stored options are invalid: {e.Message}", e);
            }

            if (options.Hash() != storedHash)
            {
                throw new InvalidDataException($"{path}: the stored options do not match their hash {storedHash}; the file is corrupt or was edited.");
            }

            if (expected is not null && expected.Hash() != storedHash)
            {
                throw new InvalidDataException($"{path}: generated with options {json}, not with the requested {expected.ToJson()}.");
            }

            var s = (ulong)options.Samples;
            var n = (ulong)options.N;
            var grid = new DarcyGrid(options.N);
            var permeability = ReadDataset<float>(file, "permeability", [s, n, n], path);
            var velocity = ReadDataset<double>(file, "velocity", [s, (ulong)grid.VelocityLength], path);
            var pressure = ReadDataset<double>(file, "pressure", [s, n, n], path);
            var coefficients = ReadDataset<double>(file, "coefficients", [s, (ulong)options.LatentWidth], path);
            var varianceKept = ReadAttribute<double>(file, "variance_kept", path);
            return new DarcyDataset(options, permeability, velocity, pressure, coefficients, varianceKept);
        }
        catch (InvalidDataException)
        {
            throw;
        }
        catch (FileNotFoundException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new InvalidDataException($"{path}: not a readable Darcy data set ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    private static T ReadAttribute<T>(IH5Object file, string name, string path)
    {
        if (!file.AttributeExists(name))
        {
            throw new InvalidDataException($"{path}: attribute '{name}' is missing.");
        }

        return file.Attribute(name).Read<T>();
    }

    private static T[] ReadDataset<T>(IH5Group file, string name, ulong[] shape, string path)
        where T : unmanaged
    {
        if (!file.LinkExists(name))
        {
            throw new InvalidDataException($"{path}: dataset '{name}' is missing.");
        }

        var dataset = file.Dataset(name);
        var dims = dataset.Space.Dimensions;
        if (!dims.SequenceEqual(shape))
        {
            throw new InvalidDataException($"{path}: dataset '{name}' has shape [{string.Join(", ", dims)}], expected [{string.Join(", ", shape)}].");
        }

        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (dataset.Type.Class != H5DataTypeClass.FloatingPoint || dataset.Type.Size != size)
        {
            throw new InvalidDataException($"{path}: dataset '{name}' is {dataset.Type.Class} of {dataset.Type.Size} bytes, expected a {8 * size}-bit float.");
        }

        return dataset.Read<T[]>();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
