using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PureHDF;
using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// The <c>predict</c> command of <c>kle-darcy</c> and <c>channelized-darcy</c>: runs a saved posterior ensemble on permeability fields (one
/// <c>kappa.csv</c>, or every field of an HDF5 data set from <c>generate</c>) and writes the predictive mean, the
/// posterior sd and 95% predictive intervals of the face velocities in physical units; with a truth, also the errors
/// e1 and e2 of the mean and the coverage of the predictive intervals (<c>metrics.json</c>).
/// </summary>
/// <remarks>
/// The networks see (log kappa - input_mean) / input_sd as [batch, 1, N, N] float32 and predict standardised
/// velocities; physical = velocity_mean + velocity_scale * standardised (<see cref="DarcySurrogateProblem.SurrogateState"/>).
/// Mean, variances, intervals and coverage come from <see cref="PredictiveDistribution"/> on the standardised scale,
/// then are mapped to physical units (sd scales by velocity_scale; coverage does not change).
/// </remarks>
public static class DarcyPredictor
{
    /// <summary>Fields per call of the ensemble.</summary>
    public const int ChunkSize = 64;

    /// <summary>Probability of the intervals written to the output files.</summary>
    public const double IntervalLevel = 0.95;

    /// <summary>Levels whose coverage <c>metrics.json</c> reports.</summary>
    public static IReadOnlyList<double> CoverageLevels { get; } = [0.5, 0.8, 0.9, 0.95];

    /// <summary>The same text as <see cref="DarcyDataset"/>'s attribute, for <c>prediction.h5</c>.</summary>
    public const string VelocityLayout = "ux[N][N+1] row-major then uy[N+1][N] row-major; row 0 at y = 0; faces oriented +x / +y";

    private static readonly string[] StateKeys = ["n", "input_mean", "input_sd", "velocity_mean", "velocity_scale"];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Runs <paramref name="query"/> and writes its outputs into <see cref="SurrogateQuery.OutputDirectory"/>.</summary>
    /// <returns>The paths written and, last, a one-line summary.</returns>
    /// <exception cref="InvalidDataException">A missing or malformed state, input or truth; the message names the file
    /// and the fix.</exception>
    /// <exception cref="FileNotFoundException">The input or the truth does not exist.</exception>
    public static IReadOnlyList<string> Predict(SurrogateQuery query, CancellationToken cancellation = default)
    {
        var model = ModelState.From(query.State);
        var noise = CheckNoise(query.NoiseVariance, model.Grid);
        var input = ReadInput(query.InputFile, model);
        var truth = query.TruthFile is { } truthFile ? ReadTruth(truthFile, query.InputFile, input, model) : null;

        var prediction = Run(query, model, noise, input, truth, cancellation);

        Directory.CreateDirectory(query.OutputDirectory);
        var written = input.IsDataset
            ? WriteDataset(query.OutputDirectory, prediction, model, query.InputFile)
            : WriteCsv(query.OutputDirectory, prediction, model.Grid);
        string summary = $"Predicted {input.Count} field{(input.Count == 1 ? "" : "s")} with {prediction.Members} ensemble " +
                         $"member{(prediction.Members == 1 ? "" : "s")}";
        if (truth is not null)
        {
            var metrics = Metrics(prediction, input, truth, model.Grid);
            var path = Path.Combine(query.OutputDirectory, "metrics.json");
            WriteJson(path, new Dictionary<string, object?>
            {
                ["input"] = query.InputFile,
                ["truth"] = query.TruthFile,
                ["fields"] = input.Count,
                ["members"] = prediction.Members,
                ["e1"] = metrics.E1,
                ["e2"] = metrics.E2,
                ["coverage"] = CoverageLevels.Select((level, k) => (level, k))
                    .ToDictionary(p => p.level.ToString("0.##", CultureInfo.InvariantCulture), p => prediction.Coverage[p.k]),
                ["meanPosteriorSd"] = prediction.MeanSd,
                ["meanPredictiveSd"] = prediction.MeanPredictiveSd,
            });
            written.Add(path);
            summary += FormattableString.Invariant(
                $"; e1 {metrics.E1:F2}%, e2 {metrics.E2:F2}%, 95% coverage {prediction.Coverage[CoverageLevels.Count - 1]:F2}");
        }
        else
        {
            summary += FormattableString.Invariant(
                $"; mean posterior sd {prediction.MeanSd:G3}, mean predictive sd {prediction.MeanPredictiveSd:G3} (physical units)");
        }
        written.Add(summary + ".");
        return written;
    }

    /// <summary>What the ensemble needs besides the networks, read from the saved state.</summary>
    private sealed record ModelState(DarcyGrid Grid, double InputMean, double InputSd, double[] VelocityMean, double VelocityScale)
    {
        public int N => Grid.N;

        public static ModelState From(IReadOnlyDictionary<string, double[]> state)
        {
            var missing = StateKeys.Where(k => !state.ContainsKey(k)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException(
                    $"the model's saved state lacks {string.Join(", ", missing.Select(k => $"'{k}'"))} (it holds " +
                    $"{(state.Count == 0 ? "nothing" : string.Join(", ", state.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'")))}), " +
                    "so it was not saved by a Darcy surrogate run. Pass --model a run directory of a kle-darcy or channelized-darcy run " +
                    "(e.g. runs/kle-darcy/PSGLD-SA), or use the problem the model was trained on.");
            }
            double Single(string key)
            {
                var values = state[key];
                if (values.Length != 1 || !double.IsFinite(values[0]))
                {
                    throw new InvalidDataException($"the model's saved state has '{key}' = [{string.Join(", ", values)}], " +
                        "expected one finite number; the run directory is corrupt: train the model again.");
                }
                return values[0];
            }
            double n = Single("n");
            if (n != Math.Floor(n) || n < 2 || n > 100_000)
            {
                throw new InvalidDataException($"the model's saved state has grid size n = {n}, expected an integer >= 2; " +
                    "the run directory is corrupt: train the model again.");
            }
            var grid = new DarcyGrid((int)n);
            double inputMean = Single("input_mean"), inputSd = Single("input_sd"), scale = Single("velocity_scale");
            if (!(inputSd > 0) || !(scale > 0))
            {
                throw new InvalidDataException($"the model's saved state has input_sd = {inputSd} and velocity_scale = {scale}; " +
                    "both must be positive. The run directory is corrupt: train the model again.");
            }
            var mean = state["velocity_mean"];
            if (mean.Length != grid.VelocityLength || mean.Any(v => !double.IsFinite(v)))
            {
                throw new InvalidDataException($"the model's saved state has {mean.Length} velocity means (all finite: " +
                    $"{mean.All(double.IsFinite)}), but a {grid.N} x {grid.N} grid needs {grid.VelocityLength} finite ones; the " +
                    "run directory is corrupt: train the model again.");
            }
            return new ModelState(grid, inputMean, inputSd, mean, scale);
        }
    }

    /// <summary>The fields to predict: kappa [Count, N, N] row-major, row 0 at the bottom.</summary>
    private sealed record InputFields(int Count, double[] Kappa, DarcyDataset? Dataset)
    {
        public bool IsDataset => Dataset is not null;

        public ReadOnlySpan<double> KappaOf(int field, int cells) => Kappa.AsSpan(field * cells, cells);
    }

    /// <summary>Everything computed, physical units, each [Count, 2N(N+1)].</summary>
    private sealed record Prediction(
        int Members, double[] Mean, double[] Sd, double[] PredictiveSd, double[] Lower, double[] Upper,
        double[] Coverage, double MeanSd, double MeanPredictiveSd);

    private static double[] CheckNoise(double[] noise, DarcyGrid grid)
    {
        if (noise.Length != 1 && noise.Length != grid.VelocityLength)
        {
            throw new InvalidDataException($"the model's noise variance has {noise.Length} entries, expected 1 or one per face " +
                $"({grid.VelocityLength} for a {grid.N} x {grid.N} grid); the run directory is corrupt: train the model again.");
        }
        if (noise.Any(v => !(v >= 0) || double.IsInfinity(v)))
        {
            throw new InvalidDataException("the model's noise variance has a negative or non-finite entry; the run directory " +
                "is corrupt: train the model again.");
        }
        return noise;
    }

    private static string Expected(int n) =>
        $"predict reads a permeability CSV ({n} lines of {n} positive comma-separated values, no header, first line = " +
        "the bottom row; kappa itself, not log kappa) or an HDF5 data set written by `generate`";

    private static InputFields ReadInput(string path, ModelState model)
    {
        int n = model.N;
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"input '{path}' is a folder; {Expected(n)}.");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"input file '{path}' does not exist; {Expected(n)}.", path);
        }
        if (IsHdf5(path))
        {
            var data = ReadDataset(path, "input", n);
            var kappa = new double[data.Permeability.Length];
            for (int s = 0; s < data.Samples; s++)
            {
                var field = data.PermeabilityOf(s);
                for (int c = 0; c < field.Length; c++)
                {
                    double k = field[c];
                    if (!(k > 0) || double.IsInfinity(k))
                    {
                        throw new InvalidDataException($"{path}: sample {s}, row {c / n}, column {c % n} has permeability {k}; " +
                            "the surrogate's input is log kappa, so every value must be positive and finite. Drop such " +
                            "samples (an affine field can go negative: generate with a larger Mean or the log-normal Form).");
                    }
                    kappa[(long)s * field.Length + c] = k;
                }
            }
            return new InputFields(data.Samples, kappa, data);
        }

        DarcyGrid grid;
        double[] values;
        try
        {
            (grid, values) = PermeabilityCsv.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{e.Message} {Expected(n)}.", e);
        }
        if (grid.N != n)
        {
            throw new InvalidDataException($"{path} is {grid.N} x {grid.N} but the model was trained on {n} x {n} grids; give a " +
                $"{n} x {n} field ({n} lines of {n} values), or use a model trained with N = {grid.N}.");
        }
        return new InputFields(1, values, null);
    }

    /// <summary>HDF5 by its signature at offset 0 (where PureHDF writes it) or by its extension.</summary>
    private static bool IsHdf5(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".h5" or ".hdf5" or ".hdf" or ".he5") return true;
        ReadOnlySpan<byte> signature = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[8];
            return stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual(signature);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidDataException($"{path} cannot be read ({e.Message}); check its permissions.", e);
        }
    }

    private static DarcyDataset ReadDataset(string path, string role, int n)
    {
        DarcyDataset data;
        try
        {
            data = DarcyDataset.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{role} {e.Message} Write a data set with `generate --problem kle-darcy --set N={n}`" +
                (role == "input" ? $", or give one field as CSV ({n} lines of {n} values)." : "."), e);
        }
        if (data.Grid.N != n)
        {
            throw new InvalidDataException($"{path} holds {data.Grid.N} x {data.Grid.N} fields but the model was trained on {n} x {n} " +
                $"grids; generate the data with --set N={n}, or use a model trained with N = {data.Grid.N}.");
        }
        return data;
    }

    /// <returns>The true velocities [Count, 2N(N+1)].</returns>
    private static double[] ReadTruth(string path, string inputPath, InputFields input, ModelState model)
    {
        var grid = model.Grid;
        int n = grid.N;
        if (Directory.Exists(path))
        {
            if (input.Count != 1)
            {
                throw new InvalidDataException($"truth '{path}' is a folder with one solution (ux.csv, uy.csv), but the input " +
                    $"{inputPath} holds {input.Count} fields; pass the HDF5 data set with their velocities as --truth (it may be the input itself).");
            }
            var truth = new double[grid.VelocityLength];
            ReadVelocityCsv(path, "ux.csv", n, n, n + 1, truth.AsSpan(0, grid.XFaceCount));
            ReadVelocityCsv(path, "uy.csv", n, n + 1, n, truth.AsSpan(grid.XFaceCount));
            return truth;
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"truth '{path}' does not exist; --truth takes a folder written by `solve` " +
                "(with ux.csv and uy.csv) or an HDF5 data set written by `generate`.", path);
        }
        DarcyDataset data;
        if (input.Dataset is { } own && SamePath(path, inputPath))
        {
            data = own;
        }
        else if (IsHdf5(path))
        {
            data = ReadDataset(path, "truth", n);
        }
        else
        {
            throw new InvalidDataException($"truth '{path}' is neither a folder written by `solve` (with ux.csv and uy.csv) nor " +
                "an HDF5 data set written by `generate`; for one field pass the solve output folder, not a file in it.");
        }
        if (data.Samples != input.Count)
        {
            throw new InvalidDataException($"truth {path} holds {data.Samples} samples but the input {inputPath} has {input.Count} " +
                $"field{(input.Count == 1 ? "" : "s")}; the truth must hold the solutions of exactly the input's fields, in order.");
        }
        int cells = grid.CellCount;
        for (int s = 0; s < data.Samples; s++)
        {
            var expected = input.KappaOf(s, cells);
            var actual = data.PermeabilityOf(s);
            for (int c = 0; c < cells; c++)
            {
                // The data set stores float32, so a CSV field matches to float rounding.
                if (Math.Abs(actual[c] - expected[c]) > 1e-6 * Math.Abs(expected[c]))
                {
                    throw new InvalidDataException($"truth {path} was solved for other fields: sample {s}, row {c / n}, column " +
                        $"{c % n} has permeability {actual[c]} where the input {inputPath} has {expected[c]}; pass the truth of the same fields.");
                }
            }
        }
        return data.Velocity;
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Reads <paramref name="rows"/> lines of <paramref name="columns"/> numbers in the layout <c>solve</c> writes.</summary>
    private static void ReadVelocityCsv(string folder, string name, int n, int rows, int columns, Span<double> into)
    {
        var path = Path.Combine(folder, name);
        string fix = $"the model's {n} x {n} grid needs {name} as {rows} rows of {columns} values (the layout `solve` writes); " +
                     $"pass the solution of a {n} x {n} field.";
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"truth folder '{folder}' has no {name}; --truth takes a folder written by `solve` " +
                "for the same kappa (with ux.csv and uy.csv).", path);
        }
        var table = CsvGrid.Read(path);
        if (table.Length != rows)
        {
            throw new InvalidDataException($"truth {path} has {table.Length} rows, but {fix}");
        }
        for (int row = 0; row < rows; row++)
        {
            if (table[row].Length != columns)
            {
                throw new InvalidDataException($"truth {path}: row {row + 1} has {table[row].Length} values, but {fix}");
            }
            if (table[row].Any(v => !double.IsFinite(v)))
            {
                throw new InvalidDataException($"truth {path}: row {row + 1} holds a value that is not a finite number.");
            }
            table[row].CopyTo(into.Slice(row * columns, columns));
        }
    }

    private static Prediction Run(SurrogateQuery query, ModelState model, double[] noise, InputFields input, double[]? truth,
        CancellationToken cancellation)
    {
        var grid = model.Grid;
        int n = grid.N, cells = grid.CellCount, length = grid.VelocityLength, count = input.Count;
        long total = (long)count * length;
        var mean = new double[total];
        var sd = new double[total];
        var predictiveSd = new double[total];
        var lower = new double[total];
        var upper = new double[total];
        var covered = new double[CoverageLevels.Count];
        double scale = model.VelocityScale;
        int members = -1;

        for (int start = 0; start < count; start += ChunkSize)
        {
            cancellation.ThrowIfCancellationRequested();
            int batch = Math.Min(ChunkSize, count - start);
            var x = new float[batch * cells];
            for (int k = 0; k < x.Length; k++)
            {
                x[k] = (float)((Math.Log(input.Kappa[(long)start * cells + k]) - model.InputMean) / model.InputSd);
            }

            using var scope = NewDisposeScope();
            var inputs = tensor(x, [batch, 1, n, n]);
            IReadOnlyList<Tensor> outputs;
            using (no_grad())
            {
                outputs = query.Members(inputs);
            }
            if (outputs.Count == 0)
            {
                throw new InvalidDataException("the saved ensemble has no members; train with a burn-in shorter than the run " +
                    "so that samples are kept, then predict again.");
            }
            if (members >= 0 && outputs.Count != members)
            {
                throw new InvalidDataException($"the ensemble returned {outputs.Count} members for one batch and {members} for another.");
            }
            members = outputs.Count;
            foreach (var output in outputs)
            {
                if (output.dim() != 2 || output.shape[0] != batch || output.shape[1] != length)
                {
                    throw new InvalidDataException($"the ensemble's networks output [{string.Join(", ", output.shape)}] for {batch} " +
                        $"fields, but the model's saved state describes {n} x {n} grids ({length} face velocities per field); the " +
                        "run directory mixes models: train the model again.");
                }
            }

            using var distribution = PredictiveDistribution.FromMembers(outputs.Select(o => o.cpu()).ToList(), noise, query.Intervals);
            var (low, high) = distribution.Interval(IntervalLevel);
            var m = Values(distribution.Mean);
            var epistemic = Values(distribution.EpistemicVariance);
            var predictive = Values(distribution.PredictiveVariance);
            var lo = Values(low);
            var hi = Values(high);
            long offset = (long)start * length;
            for (int r = 0; r < batch; r++)
            {
                for (int j = 0; j < length; j++)
                {
                    int k = r * length + j;
                    double centre = model.VelocityMean[j];
                    mean[offset + k] = centre + scale * m[k];
                    sd[offset + k] = scale * Math.Sqrt(epistemic[k]);
                    predictiveSd[offset + k] = scale * Math.Sqrt(predictive[k]);
                    lower[offset + k] = centre + scale * lo[k];
                    upper[offset + k] = centre + scale * hi[k];
                }
            }

            if (truth is not null)
            {
                var standardised = new double[batch * length];
                for (int k = 0; k < standardised.Length; k++)
                {
                    standardised[k] = (truth[offset + k] - model.VelocityMean[k % length]) / scale;
                }
                var target = tensor(standardised, [batch, length]);
                for (int level = 0; level < covered.Length; level++)
                {
                    covered[level] += distribution.Coverage(target, CoverageLevels[level]) * batch * length;
                }
            }
        }

        var coverage = covered.Select(c => c / total).ToArray();
        return new Prediction(members, mean, sd, predictiveSd, lower, upper, coverage, sd.Average(), predictiveSd.Average());

        static double[] Values(Tensor t) => t.to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
    }

    private static VelocityErrors Metrics(Prediction prediction, InputFields input, double[] truth, DarcyGrid grid)
    {
        int length = grid.VelocityLength, cells = grid.CellCount;
        double e1 = 0, e2 = 0;
        for (int s = 0; s < input.Count; s++)
        {
            var errors = VelocityNorms.RelativeErrors(grid, prediction.Mean.AsSpan(s * length, length),
                truth.AsSpan(s * length, length), input.KappaOf(s, cells));
            e1 += errors.E1;
            e2 += errors.E2;
        }
        return new VelocityErrors(100 * e1 / input.Count, 100 * e2 / input.Count);
    }

    private static List<string> WriteCsv(string directory, Prediction prediction, DarcyGrid grid)
    {
        int n = grid.N, x = grid.XFaceCount, y = grid.YFaceCount;
        var written = new List<string>();
        void Write(string name, double[] values, bool ux)
        {
            var path = Path.Combine(directory, name);
            var span = ux ? values.AsSpan(0, x) : values.AsSpan(x, y);
            CsvGrid.Write(path, span, ux ? n : n + 1, ux ? n + 1 : n);
            written.Add(path);
        }
        Write("ux_mean.csv", prediction.Mean, ux: true);
        Write("uy_mean.csv", prediction.Mean, ux: false);
        Write("ux_sd.csv", prediction.Sd, ux: true);
        Write("uy_sd.csv", prediction.Sd, ux: false);
        Write("ux_lower95.csv", prediction.Lower, ux: true);
        Write("ux_upper95.csv", prediction.Upper, ux: true);
        Write("uy_lower95.csv", prediction.Lower, ux: false);
        Write("uy_upper95.csv", prediction.Upper, ux: false);
        return written;
    }

    private static List<string> WriteDataset(string directory, Prediction prediction, ModelState model, string inputPath)
    {
        var full = Path.GetFullPath(Path.Combine(directory, "prediction.h5"));
        ulong fields = (ulong)(prediction.Mean.Length / model.Grid.VelocityLength), length = (ulong)model.Grid.VelocityLength;
        var file = new H5File
        {
            ["mean"] = new H5Dataset(prediction.Mean, fileDims: [fields, length]),
            ["sd"] = new H5Dataset(prediction.Sd, fileDims: [fields, length]),
            ["predictive_sd"] = new H5Dataset(prediction.PredictiveSd, fileDims: [fields, length]),
            ["lower95"] = new H5Dataset(prediction.Lower, fileDims: [fields, length]),
            ["upper95"] = new H5Dataset(prediction.Upper, fileDims: [fields, length]),
        };
        file.Attributes["velocity_layout"] = VelocityLayout;
        file.Attributes["n"] = model.N;
        file.Attributes["fields"] = (int)fields;
        file.Attributes["members"] = prediction.Members;
        file.Attributes["interval_level"] = IntervalLevel;
        file.Attributes["input"] = inputPath;
        AtomicFile.Write(full, temporary => file.Write(temporary));
        return [full];
    }

    private static void WriteJson(string path, object value)
    {
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Json));
    }
}
