using System.Diagnostics;
using System.Runtime.InteropServices;
using SparsePlugins.Darcy;
using SparsePlugins.Problems.Darcy.Figures;

// Times one RT0 solve per grid size (single thread, median after warm-up) and the generation of a 1500-sample
// data set at N = 50 on all cores, and prints markdown tables.
// `fields OUTDIR` instead draws one KLE sample per truncation (32, 64, 128 terms) to OUTDIR/kle-sample-fields.png;
// `channel-fields OUTDIR IMAGES` two procedural channel fields and a patch of each training image in IMAGES
// (../shared/data/training-images) to OUTDIR/channel-sample-fields.png (paper Figure 9).
if (args is ["fields", var figureFolder])
{
    WriteSampleFields(figureFolder);
    return;
}

if (args is ["channel-fields", var channelFolder, var images])
{
    WriteChannelFields(channelFolder, images);
    return;
}

// `channel-baselines SAMPLES` prints the two baselines of procedural channel data at several contrasts: how hard the
// map is, against the paper's Table 2 error levels.
if (args is ["channel-baselines", var channelSamples])
{
    WriteChannelBaselines(int.Parse(channelSamples, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [25, 50, 100, 200];

// Warm-up long enough for tiered compilation to settle on optimised code before anything is timed.
{
    var grid = new DarcyGrid(30);
    var solver = new RT0Solver(grid);
    var solution = new DarcySolution(grid);
    var kappa = Enumerable.Repeat(1.0, grid.CellCount).ToArray();
    for (var w = 0; w < 2000; w++)
    {
        solver.Solve(kappa, solution);
    }

    DarcyDatasetGenerator.Generate(new DarcyGeneratorOptions { N = 20, Samples = 2000 });
}

Console.WriteLine($"Load average at start: {LoadAverage()}");
Console.WriteLine($"Runtime: {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} logical processors, " +
                  $"Vector<double>.Count = {System.Numerics.Vector<double>.Count}");
Console.WriteLine();
Console.WriteLine("| N | unknowns (free u + p) | median ms/solve | min ms | repeats | CG iterations | final rel. residual |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var n in sizes)
{
    var grid = new DarcyGrid(n);
    var field = new KleField(new KleBasis(grid, 32), 0.0, PermeabilityForm.LogNormal);
    var mu = new double[32];
    var kappa = new double[grid.CellCount];
    KleField.DrawCoefficients(KleField.SampleSeed(1, 0), mu);
    field.Evaluate(mu, kappa);

    var solver = new RT0Solver(grid);
    var solution = new DarcySolution(grid);
    var repeats = n switch { <= 50 => 400, <= 100 => 40, _ => 8 };
    for (var w = 0; w < Math.Max(3, repeats / 10); w++)
    {
        solver.Solve(kappa, solution);
    }

    var times = new double[repeats];
    for (var r = 0; r < repeats; r++)
    {
        var clock = Stopwatch.StartNew();
        solver.Solve(kappa, solution);
        times[r] = clock.Elapsed.TotalMilliseconds;
    }

    Array.Sort(times);
    Console.WriteLine($"| {n} | {grid.VelocityLength - 2 * n + grid.CellCount} | {times[repeats / 2]:F3} | {times[0]:F3} | {repeats} | {solution.Iterations} | {solution.RelativeResidual:E1} |");
}

Console.WriteLine();
Console.WriteLine("Run 1 is the first generation in the process (fresh 100 MB arrays, first parallel run); runs 2-3 follow it.");
Console.WriteLine();
Console.WriteLine("| data set | samples | workers | generate s | samples/s | HDF5 write s | HDF5 read+validate s | file MiB | CG iterations (min-max) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
var run = 0;
foreach (var form in new[] { PermeabilityForm.LogNormal, PermeabilityForm.LogNormal, PermeabilityForm.Affine })
{
    run++;
    var options = new DarcyGeneratorOptions { N = 50, Terms = 32, Samples = 1500, Seed = 1, Form = form, Mean = form == PermeabilityForm.Affine ? 10 : 0 };
    var clock = Stopwatch.StartNew();
    var data = DarcyDatasetGenerator.Generate(options);
    var generate = clock.Elapsed.TotalSeconds;

    var path = Path.Combine(Path.GetTempPath(), $"darcy-bench-{Guid.NewGuid():N}.h5");
    clock.Restart();
    data.Write(path);
    var write = clock.Elapsed.TotalSeconds;
    clock.Restart();
    DarcyDataset.Read(path, options);
    var read = clock.Elapsed.TotalSeconds;
    var mib = new FileInfo(path).Length / 1048576.0;
    File.Delete(path);

    // Iteration spread over a subset, re-solved serially (the generator does not keep counts).
    var grid = new DarcyGrid(50);
    var solver = new RT0Solver(grid);
    var solution = new DarcySolution(grid);
    int low = int.MaxValue, high = 0;
    for (var s = 0; s < data.Samples; s += 15)
    {
        solver.Solve(data.PermeabilityOf(s).ToArray().Select(v => (double)v).ToArray(), solution);
        low = Math.Min(low, solution.Iterations);
        high = Math.Max(high, solution.Iterations);
    }

    var label = (form == PermeabilityForm.LogNormal ? "KLE32 log-normal, N=50" : "KLE32 affine kappa0=10, N=50") + $" (run {run})";
    Console.WriteLine($"| {label} | {data.Samples} | {Environment.ProcessorCount} | {generate:F2} | {data.Samples / generate:F0} | {write:F2} | {read:F2} | {mib:F1} | {low}-{high} |");
}

Console.WriteLine();
Console.WriteLine("| KLE terms (N=50) | variance kept |");
Console.WriteLine("|---|---|");
foreach (var terms in new[] { 32, 64, 128 })
{
    Console.WriteLine($"| {terms} | {100 * new KleBasis(new DarcyGrid(50), terms).VarianceFraction:F6} % |");
}

Console.WriteLine();
Console.WriteLine($"Load average at end: {LoadAverage()}");

// Other processes on a 2-core machine change every number here, so the load is printed with them.
static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

// Paper Figure 4: the same coefficient draw (the first 32 terms agree) truncated after 32, 64 and 128 terms, so the
// rows differ only by the finer modes each truncation adds. Affine form with kappa0 = 10, as the surrogate runs use.
static void WriteSampleFields(string folder)
{
    var grid = new DarcyGrid(50);
    var solver = new RT0Solver(grid);
    var samples = new List<(string Label, double[] Kappa, double[] Pressure, double[] Velocity)>();
    foreach (var terms in new[] { 32, 64, 128 })
    {
        var mu = new double[terms];
        KleField.DrawCoefficients(KleField.SampleSeed(1, 0), mu);
        var kappa = new double[grid.CellCount];
        new KleField(new KleBasis(grid, terms), 10.0, PermeabilityForm.Affine).Evaluate(mu, kappa);
        var solution = new DarcySolution(grid);
        solver.Solve(kappa, solution);
        samples.Add(($"KLE {terms}", kappa, solution.Pressure, solution.Velocity));
    }

    if (DarcyFigures.FontWarning is { } warning)
    {
        Console.Error.WriteLine(warning);
    }

    Console.WriteLine($"Wrote {DarcyFigures.SampleFields(Path.Combine(folder, "kle-sample-fields.png"), grid, samples)}");
}

// Paper Figure 9: channelized fields with their solutions, the default channelized-darcy settings (N = 50, kappa 10 in
// channels and 0.1 outside): two procedural fields, then a patch of each training image.
static void WriteChannelFields(string folder, string images)
{
    var grid = new DarcyGrid(50);
    var solver = new RT0Solver(grid);
    var samples = new List<(string Label, double[] Kappa, double[] Pressure, double[] Velocity)>();
    var sources = new (string Label, ChannelFieldOptions Options, int Sample)[]
    {
        ("procedural 1", new ChannelFieldOptions(), 0),
        ("procedural 2", new ChannelFieldOptions(), 1),
        ("PNG patch", TrainingImage(Path.Combine(images, "ti_2500_1ch.png")), 0),
        ("Strebelle patch", TrainingImage(Path.Combine(images, "ti_strebelle_250_250_1.dat")), 0),
    };
    foreach (var (label, options, sample) in sources)
    {
        var generator = new DarcyGeneratorOptions { N = grid.N, Channels = options };
        var kappa = new double[grid.CellCount];
        PermeabilitySampler.For(generator, grid).Draw(1, sample, kappa, new double[ChannelFieldOptions.LatentWidth]);
        var solution = new DarcySolution(grid);
        solver.Solve(kappa, solution);
        samples.Add((label, kappa, solution.Pressure, solution.Velocity));
    }

    Console.WriteLine($"Wrote {DarcyFigures.SampleFields(Path.Combine(folder, "channel-sample-fields.png"), grid, samples)}");

    static ChannelFieldOptions TrainingImage(string path) => new() { Source = ChannelSource.TrainingImage, TrainingImage = path };
}

// Channel / background permeability sqrt(c) / 1/sqrt(c) (geometric mean 1, as the default 10 / 0.1), 80/20 split.
static void WriteChannelBaselines(int samples)
{
    Console.WriteLine("| contrast | channel / background | training mean e1 / e2 (%) | linear (block means) e1 / e2 (%) |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var contrast in new[] { 1.1, 2.0, 10.0, 100.0, 1e4 })
    {
        var channels = new ChannelFieldOptions { ChannelPermeability = Math.Sqrt(contrast), BackgroundPermeability = 1 / Math.Sqrt(contrast) };
        var data = DarcyDatasetGenerator.Generate(new DarcyGeneratorOptions { N = 50, Samples = samples, Seed = 1, Channels = channels });
        int train = samples * 4 / 5;
        var b = SparsePlugins.Problems.Darcy.DarcyBaselines.Compute(data, train, train);
        Console.WriteLine(FormattableString.Invariant(
            $"| {contrast:g3} | {channels.ChannelPermeability:g3} / {channels.BackgroundPermeability:g3} | {100 * b.TrainingMean.E1:F2} / {100 * b.TrainingMean.E2:F2} | {100 * b.Linear.E1:F2} / {100 * b.Linear.E2:F2} |"));
    }
}
