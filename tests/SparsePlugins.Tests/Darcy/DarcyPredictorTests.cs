using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PureHDF;
using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Tests.Support;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Darcy;

/// <summary>
/// kle-darcy's <c>predict</c> (<see cref="ISurrogatePredictor"/>) through the discovered plugin, with an ensemble whose
/// members return known outputs: no training.
/// </summary>
public sealed class DarcyPredictorTests
{
    private static readonly Lazy<(ISurrogatePredictor Plugin, object Options)> KleDarcy = new(() =>
    {
        var catalog = new PluginCatalog(NullLogger<PluginCatalog>.Instance);
        catalog.Discover([TestPaths.Plugins]);
        var descriptor = catalog.Find(PluginKind.Problem, "kle-darcy")!;
        return ((ISurrogatePredictor)descriptor.Factory, Activator.CreateInstance(descriptor.OptionsType)!);
    });

    private static IReadOnlyList<string> Predict(SurrogateQuery query) =>
        KleDarcy.Value.Plugin.Predict(KleDarcy.Value.Options, new PluginContext { Seed = 0 }, query);

    private static Dictionary<string, double[]> State(int n, double[] velocityMean, double scale, double inputMean = 0.1, double inputSd = 0.5) => new()
    {
        ["n"] = [n],
        ["input_mean"] = [inputMean],
        ["input_sd"] = [inputSd],
        ["velocity_mean"] = velocityMean,
        ["velocity_scale"] = [scale],
    };

    private static int Length(int n) => 2 * n * (n + 1);

    private static double[] Ramp(int length, Func<int, double> f) => Enumerable.Range(0, length).Select(f).ToArray();

    /// <summary>Members that ignore their input and return fixed rows, one per member: [batch, outputs] copies.</summary>
    private static Func<Tensor, IReadOnlyList<Tensor>> Fixed(params double[][] rows) => x =>
        rows.Select(r => tensor(r, [1, r.Length]).expand(x.shape[0], r.Length).contiguous()).ToList();

    /// <summary>Members that return rows of <paramref name="perField"/> [fields, outputs] for the fields of each batch, in order.</summary>
    private static Func<Tensor, IReadOnlyList<Tensor>> PerField(List<long> batches, int outputs, params double[][] perField)
    {
        long done = 0;
        return x =>
        {
            long batch = x.shape[0];
            batches.Add(batch);
            var result = perField.Select(m => tensor(m.AsSpan((int)(done * outputs), (int)(batch * outputs)).ToArray(), [batch, outputs])).ToList();
            done += batch;
            return result;
        };
    }

    private static string WriteKappa(TempDirectory temp, int n, Func<int, int, double> kappa, string name = "kappa.csv")
    {
        var path = temp.File(name);
        File.WriteAllLines(path, Enumerable.Range(0, n).Select(j =>
            string.Join(",", Enumerable.Range(0, n).Select(i => kappa(i, j).ToString("R", CultureInfo.InvariantCulture)))));
        return path;
    }

    private static double[] ReadCsv(string path, int rows, int columns)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal(rows, lines.Length);
        Assert.All(lines, l => Assert.Equal(columns, l.Split(',').Length));
        return lines.SelectMany(l => l.Split(',')).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>ux then uy, as the flat velocity layout.</summary>
    private static double[] ReadVelocity(string directory, string stem, int n) =>
        [.. ReadCsv(Path.Combine(directory, $"ux_{stem}.csv"), n, n + 1), .. ReadCsv(Path.Combine(directory, $"uy_{stem}.csv"), n + 1, n)];

    private static void WriteTruth(string directory, int n, double[] velocity)
    {
        Directory.CreateDirectory(directory);
        int x = n * (n + 1);
        string Rows(int offset, int rows, int columns) => string.Join("\n", Enumerable.Range(0, rows).Select(r =>
            string.Join(",", velocity.Skip(offset + r * columns).Take(columns).Select(d => d.ToString("R", CultureInfo.InvariantCulture))))) + "\n";
        File.WriteAllText(Path.Combine(directory, "ux.csv"), Rows(0, n, n + 1));
        File.WriteAllText(Path.Combine(directory, "uy.csv"), Rows(x, n + 1, n));
    }

    private static DarcyDataset Dataset(TempDirectory temp, int n, int samples, string name = "data.h5")
    {
        var data = DarcyDatasetGenerator.Generate(new DarcyGeneratorOptions { N = n, Terms = 3, Samples = samples, Seed = 4 });
        data.Write(temp.File(name));
        return data;
    }

    private static double[] FaceMeans(DarcyDataset data) => Ramp(data.Grid.VelocityLength, j =>
        Enumerable.Range(0, data.Samples).Average(s => data.VelocityOf(s)[j]));

    private static JsonElement Metrics(string directory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "metrics.json"))).RootElement;

    private static void Close(double expected, double actual, double tolerance = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

    [Fact]
    public void A_csv_field_gives_the_destandardised_mean_the_spread_as_sd_and_gaussian_intervals()
    {
        using var temp = new TempDirectory();
        const int n = 4;
        int length = Length(n);
        var kappa = WriteKappa(temp, n, (i, j) => 1 + 0.1 * i + 0.25 * j);
        var velocityMean = Ramp(length, k => 0.01 * k - 0.1);
        const double scale = 2.5, noise = 0.04;
        var centre = Ramp(length, k => Math.Sin(k));
        var d = Ramp(length, k => (k % 2 == 0 ? 1 : -1) * (0.1 + 0.01 * k));
        var inputs = new List<float[]>();
        var members = Fixed(centre.Zip(d, (c, e) => c + e).ToArray(), centre.Zip(d, (c, e) => c - e).ToArray());
        var query = new SurrogateQuery(State(n, velocityMean, scale), x =>
        {
            inputs.Add(x.data<float>().ToArray());
            Assert.Equal(new long[] { 1, 1, n, n }, x.shape);
            return members(x);
        }, [noise], kappa, null, temp.File("pred"));

        var written = Predict(query);

        var dir = temp.File("pred");
        string[] names = ["ux_mean", "uy_mean", "ux_sd", "uy_sd", "ux_lower95", "ux_upper95", "uy_lower95", "uy_upper95"];
        Assert.Equal(names.Select(f => Path.Combine(dir, f + ".csv")), written.Take(names.Length));
        Assert.StartsWith("Predicted 1 field with 2 ensemble members", written[^1], StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "metrics.json")));

        // The network saw (log kappa - mean) / sd, cell (i, j) at j n + i.
        var seen = Assert.Single(inputs);
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                Assert.Equal((float)((Math.Log(1 + 0.1 * i + 0.25 * j) - 0.1) / 0.5), seen[j * n + i], 6);
            }
        }

        var mean = ReadVelocity(dir, "mean", n);
        var sd = ReadVelocity(dir, "sd", n);
        var lower = ReadVelocity(dir, "lower95", n);
        var upper = ReadVelocity(dir, "upper95", n);
        double z = NormalQuantile.Central(0.95);
        for (int k = 0; k < length; k++)
        {
            Close(velocityMean[k] + scale * centre[k], mean[k]);
            Close(scale * Math.Abs(d[k]), sd[k]);
            double half = scale * z * Math.Sqrt(d[k] * d[k] + noise);
            Close(mean[k] - half, lower[k]);
            Close(mean[k] + half, upper[k]);
        }
    }

    [Fact]
    public void A_data_set_is_run_in_chunks_and_a_mean_equal_to_the_truth_has_zero_error_and_full_coverage()
    {
        using var temp = new TempDirectory();
        const int n = 5, samples = 70;
        int length = Length(n);
        var data = Dataset(temp, n, samples);
        var velocityMean = FaceMeans(data);
        const double scale = 0.7;
        var truth = Ramp(samples * length, k => (data.Velocity[k] - velocityMean[k % length]) / scale);
        var d = Ramp(samples * length, k => 0.05 + 0.001 * (k % 7));
        var batches = new List<long>();
        var query = new SurrogateQuery(State(n, velocityMean, scale),
            PerField(batches, length, truth.Zip(d, (t, e) => t + e).ToArray(), truth.Zip(d, (t, e) => t - e).ToArray()),
            [0.01], temp.File("data.h5"), temp.File("data.h5"), temp.File("pred"));

        var written = Predict(query);

        Assert.Equal(new long[] { 64, 6 }, batches.ToArray());
        var dir = temp.File("pred");
        Assert.Equal(new[] { Path.Combine(dir, "prediction.h5"), Path.Combine(dir, "metrics.json") }, written.Take(2));
        Assert.StartsWith("Predicted 70 fields with 2 ensemble members; e1 0.00%, e2 0.00%, 95% coverage 1.00", written[^1], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));

        using (var file = H5File.OpenRead(Path.Combine(dir, "prediction.h5")))
        {
            foreach (var name in new[] { "mean", "sd", "predictive_sd", "lower95", "upper95" })
            {
                Assert.Equal(new[] { (ulong)samples, (ulong)length }, file.Dataset(name).Space.Dimensions);
            }
            Assert.StartsWith("ux[N][N+1]", file.Attribute("velocity_layout").Read<string>(), StringComparison.Ordinal);
            var mean = file.Dataset("mean").Read<double[]>();
            var sd = file.Dataset("sd").Read<double[]>();
            var predictiveSd = file.Dataset("predictive_sd").Read<double[]>();
            for (int k = 0; k < mean.Length; k++)
            {
                Close(data.Velocity[k], mean[k], 1e-10);
                Close(scale * d[k], sd[k]);
                Close(scale * Math.Sqrt(d[k] * d[k] + 0.01), predictiveSd[k]);
            }
        }

        var metrics = Metrics(dir);
        Assert.Equal(samples, metrics.GetProperty("fields").GetInt32());
        Assert.InRange(metrics.GetProperty("e1").GetDouble(), 0, 1e-8);
        Assert.InRange(metrics.GetProperty("e2").GetDouble(), 0, 1e-8);
        foreach (var level in new[] { "0.5", "0.8", "0.9", "0.95" })
        {
            Assert.Equal(1.0, metrics.GetProperty("coverage").GetProperty(level).GetDouble());
        }
        Close(scale * d.Average(), metrics.GetProperty("meanPosteriorSd").GetDouble(), 1e-9);
    }

    [Fact]
    public void A_mean_ten_percent_too_large_has_e1_and_e2_of_ten_percent()
    {
        using var temp = new TempDirectory();
        const int n = 5, samples = 6;
        int length = Length(n);
        var data = Dataset(temp, n, samples);
        var velocityMean = FaceMeans(data);
        const double scale = 0.3;
        var scaled = Ramp(samples * length, k => (1.1 * data.Velocity[k] - velocityMean[k % length]) / scale);
        var query = new SurrogateQuery(State(n, velocityMean, scale), PerField([], length, scaled, scaled),
            [1e-4], temp.File("data.h5"), temp.File("data.h5"), temp.File("pred"));

        Predict(query);

        // u_hat - u = 0.1 u on every face, so both relative norms are exactly 0.1, whatever the weights.
        var metrics = Metrics(temp.File("pred"));
        Close(10, metrics.GetProperty("e1").GetDouble(), 1e-9);
        Close(10, metrics.GetProperty("e2").GetDouble(), 1e-9);
        Assert.Equal(0, metrics.GetProperty("meanPosteriorSd").GetDouble());
    }

    [Fact]
    public void Coverage_counts_the_faces_inside_each_predictive_interval()
    {
        using var temp = new TempDirectory();
        const int n = 4;
        int length = Length(n);
        var kappa = WriteKappa(temp, n, (i, j) => 2.0);
        var truth = Ramp(length, k => 2 + Math.Cos(k));
        WriteTruth(temp.File("solution"), n, truth);
        var velocityMean = Ramp(length, k => 0.5 + 0.01 * k);
        const double scale = 1.5;
        // Both members at the truth plus 0, 0, 1 or 3 predictive sds (noise variance 1, no spread): inside the 50%
        // interval (z = 0.67) only the first two, inside the 80/90/95% ones (z = 1.28, 1.64, 1.96) three of four.
        double[] offsets = [0, 0, 1, 3];
        var member = Ramp(length, k => (truth[k] - velocityMean[k]) / scale + offsets[k % 4]);
        var query = new SurrogateQuery(State(n, velocityMean, scale), Fixed(member, member), [1.0], kappa, temp.File("solution"), temp.File("pred"));

        var written = Predict(query);

        var metrics = Metrics(temp.File("pred"));
        var coverage = metrics.GetProperty("coverage");
        Assert.Equal(0.5, coverage.GetProperty("0.5").GetDouble(), 12);
        Assert.Equal(0.75, coverage.GetProperty("0.8").GetDouble(), 12);
        Assert.Equal(0.75, coverage.GetProperty("0.9").GetDouble(), 12);
        Assert.Equal(0.75, coverage.GetProperty("0.95").GetDouble(), 12);
        Close(scale, metrics.GetProperty("meanPredictiveSd").GetDouble());
        Assert.Equal(0, metrics.GetProperty("meanPosteriorSd").GetDouble());
        Assert.EndsWith("95% coverage 0.75.", written[^1], StringComparison.Ordinal);
        var lower = ReadVelocity(temp.File("pred"), "lower95", n);
        var upper = ReadVelocity(temp.File("pred"), "upper95", n);
        Assert.Equal(length * 3 / 4, Enumerable.Range(0, length).Count(k => lower[k] <= truth[k] && truth[k] <= upper[k]));
    }

    [Fact]
    public void A_csv_field_with_the_solved_truth_and_an_exact_mean_has_zero_error()
    {
        using var temp = new TempDirectory();
        const int n = 6;
        int length = Length(n);
        var kappa = WriteKappa(temp, n, (i, j) => Math.Exp(0.3 * Math.Sin(i + 2 * j)));
        SolutionCsv.Solve(kappa, temp.File("solution"));
        double[] truth = [.. ReadCsv(temp.File("solution/ux.csv"), n, n + 1), .. ReadCsv(temp.File("solution/uy.csv"), n + 1, n)];
        var velocityMean = new double[length];
        var member = Ramp(length, k => truth[k] / 0.2);
        var query = new SurrogateQuery(State(n, velocityMean, 0.2), Fixed(member), [0.5], kappa, temp.File("solution"), temp.File("pred"));

        var written = Predict(query);

        Assert.StartsWith("Predicted 1 field with 1 ensemble member; e1 0.00%", written[^1], StringComparison.Ordinal);
        Assert.InRange(Metrics(temp.File("pred")).GetProperty("e1").GetDouble(), 0, 1e-8);
    }

    // ----- Bad input: InvalidInputException (exit code 2) whose message names the file and the problem. -----

    private static InvalidInputException Fails(SurrogateQuery query)
    {
        var error = Assert.Throws<InvalidInputException>(() => Predict(query));
        Assert.StartsWith("kle-darcy: ", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(query.OutputDirectory) && Directory.EnumerateFileSystemEntries(query.OutputDirectory).Any(),
            "nothing is written for bad input");
        return error;
    }

    private static SurrogateQuery Query(TempDirectory temp, string input, int n = 4, string? truth = null, Dictionary<string, double[]>? state = null) =>
        new(state ?? State(n, new double[Length(n)], 1.0), Fixed(new double[Length(n)]), [0.1], input, truth, temp.File("pred"));

    [Fact]
    public void A_missing_input_is_named()
    {
        using var temp = new TempDirectory();
        var error = Fails(Query(temp, temp.File("nope.csv")));
        Assert.Contains("nope.csv' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_csv_names_the_bad_value()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("kappa.csv"), "1,2\n3,oops\n");
        var error = Fails(Query(temp, temp.File("kappa.csv")));
        Assert.Contains("'oops' is not a number", error.Message, StringComparison.Ordinal);
        Assert.Contains("4 lines of 4 positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_hdf5_file_is_named()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("data.h5"), "not an HDF5 file");
        var error = Fails(Query(temp, temp.File("data.h5")));
        Assert.Contains("data.h5: not a readable Darcy data set", error.Message, StringComparison.Ordinal);
        Assert.Contains("generate --problem kle-darcy --set N=4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_of_another_size_names_both_sizes()
    {
        using var temp = new TempDirectory();
        var kappa = WriteKappa(temp, 3, (i, j) => 1);
        var error = Fails(Query(temp, kappa));
        Assert.Contains("kappa.csv is 3 x 3 but the model was trained on 4 x 4 grids", error.Message, StringComparison.Ordinal);

        Dataset(temp, 5, 2);
        error = Fails(Query(temp, temp.File("data.h5")));
        Assert.Contains("holds 5 x 5 fields but the model was trained on 4 x 4 grids", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_positive_permeability_is_named()
    {
        using var temp = new TempDirectory();
        var kappa = WriteKappa(temp, 4, (i, j) => i == 2 && j == 1 ? -0.5 : 1);
        var error = Fails(Query(temp, kappa));
        Assert.Contains("permeability must be positive and finite; row 1, column 2 is -0.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truth_of_another_size_or_count_is_named()
    {
        using var temp = new TempDirectory();
        var kappa = WriteKappa(temp, 4, (i, j) => 1);
        WriteTruth(temp.File("small"), 3, new double[Length(3)]);
        var error = Fails(Query(temp, kappa, truth: temp.File("small")));
        Assert.Contains("ux.csv has 3 rows, but the model's 4 x 4 grid needs ux.csv as 4 rows of 5 values", error.Message, StringComparison.Ordinal);

        Dataset(temp, 4, 3);
        error = Fails(Query(temp, kappa, truth: temp.File("data.h5")));
        Assert.Contains("holds 3 samples but the input", error.Message, StringComparison.Ordinal);

        error = Fails(Query(temp, temp.File("data.h5"), truth: temp.File("missing")));
        Assert.Contains("missing' does not exist", error.Message, StringComparison.Ordinal);

        error = Fails(Query(temp, temp.File("data.h5"), truth: temp.File("small")));
        Assert.Contains("is a folder with one solution", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_of_another_problem_is_named()
    {
        using var temp = new TempDirectory();
        var kappa = WriteKappa(temp, 4, (i, j) => 1);
        var state = State(4, new double[Length(4)], 1.0);
        state.Remove("velocity_scale");
        state.Remove("velocity_mean");
        var error = Fails(Query(temp, kappa, state: state));
        Assert.Contains("lacks 'velocity_mean', 'velocity_scale'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not saved by a Darcy surrogate run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Networks_whose_outputs_do_not_fit_the_grid_are_named()
    {
        using var temp = new TempDirectory();
        var kappa = WriteKappa(temp, 4, (i, j) => 1);
        var query = Query(temp, kappa) with { Members = Fixed(new double[7]) };
        var error = Fails(query);
        Assert.Contains("40 face velocities per field", error.Message, StringComparison.Ordinal);
    }
}
