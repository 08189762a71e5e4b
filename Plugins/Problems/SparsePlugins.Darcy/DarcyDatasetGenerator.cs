namespace SparsePlugins.Darcy;

/// <summary>
/// Draws permeability fields (KLE or channelized, <see cref="PermeabilitySampler"/>) and solves the Darcy problem for each, in parallel with one solver per worker.
/// Sample i depends only on (Seed, i) (see <see cref="PermeabilitySampler"/>), so the data are bit-identical for any
/// number of threads and any scheduling.
/// </summary>
public static class DarcyDatasetGenerator
{
    /// <param name="options">What to generate; copied, so later changes do not affect the result.</param>
    /// <param name="progress">Receives (samples solved, total) from worker threads, about 200 times per run.</param>
    /// <param name="maxDegreeOfParallelism">Workers; all processors when null.</param>
    /// <param name="cancellationToken">Stops the workers between samples.</param>
    /// <exception cref="InvalidOperationException">The affine form gives kappa &lt;= 0 in some sample.</exception>
    public static DarcyDataset Generate(
        DarcyGeneratorOptions options,
        IProgress<(long Done, long Total)>? progress = null,
        int? maxDegreeOfParallelism = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        options = options.Clone();
        var grid = new DarcyGrid(options.N);
        var sampler = PermeabilitySampler.For(options, grid);
        var width = sampler.LatentWidth;
        var samples = options.Samples;
        var cells = grid.CellCount;
        var velocityLength = grid.VelocityLength;
        if ((long)samples * velocityLength > Array.MaxLength)
        {
            throw new ArgumentException($"{samples} samples of {velocityLength} velocities exceed one array; reduce Samples or N.");
        }

        var permeability = new float[(long)samples * cells];
        var velocity = new double[(long)samples * velocityLength];
        var pressure = new double[(long)samples * cells];
        var coefficients = new double[(long)samples * width];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };

        // Fields first, so that an affine failure is reported for the lowest failing sample whatever the scheduling,
        // before any solving time is spent.
        var failures = new string?[samples];
        Parallel.For(0, samples, parallel, () => new double[cells], (s, _, kappa) =>
        {
            try
            {
                sampler.Draw(options.Seed, options.FirstSample + s, kappa, coefficients.AsSpan(s * width, width));
            }
            catch (InvalidOperationException e)
            {
                failures[s] = e.Message;
                return kappa;
            }

            var stored = permeability.AsSpan(s * cells, cells);
            for (var k = 0; k < cells; k++)
            {
                stored[k] = (float)kappa[k];
                if (!(stored[k] > 0) || float.IsInfinity(stored[k]))
                {
                    failures[s] = $"kappa = {kappa[k]:g4} at cell ({k % grid.N}, {k / grid.N}) is not representable as a positive float32; reduce Variance or Mean.";
                    break;
                }
            }

            return kappa;
        }, _ => { });

        var first = Array.FindIndex(failures, f => f is not null);
        if (first >= 0)
        {
            var count = failures.Count(f => f is not null);
            throw new InvalidOperationException($"{count} of {samples} permeability fields are unusable; the first, sample {first}: {failures[first]}");
        }

        long done = 0;
        var reportEvery = Math.Max(1, samples / 200);
        Parallel.For(0, samples, parallel, () => new Worker(grid, options), (s, _, worker) =>
        {
            var stored = permeability.AsSpan(s * cells, cells);
            // Solve for exactly the float32 field that is stored, so that every stored pair is consistent.
            for (var k = 0; k < cells; k++)
            {
                worker.Kappa[k] = stored[k];
            }

            worker.Solver.Solve(worker.Kappa, worker.Solution);
            worker.Solution.Velocity.CopyTo(velocity.AsSpan(s * velocityLength, velocityLength));
            worker.Solution.Pressure.CopyTo(pressure.AsSpan(s * cells, cells));
            var finished = Interlocked.Increment(ref done);
            if (progress is not null && (finished % reportEvery == 0 || finished == samples))
            {
                progress.Report((finished, samples));
            }

            return worker;
        }, _ => { });

        return new DarcyDataset(options, permeability, velocity, pressure, coefficients, sampler.VarianceKept);
    }

    private sealed class Worker(DarcyGrid grid, DarcyGeneratorOptions options)
    {
        public RT0Solver Solver { get; } = new(grid, options.Source, options.PressureLeft, options.PressureRight);

        public DarcySolution Solution { get; } = new(grid);

        public double[] Kappa { get; } = new double[grid.CellCount];
    }
}
