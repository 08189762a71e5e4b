using SparsePlugins.Abstractions;
using System.Globalization;
using SparsePlugins.Networks;
using SparsePlugins.Surrogate.Bench;
using TorchSharp;
using static TorchSharp.torch;

// Storage and inference cost of the Section 6.2 surrogate (DarcyCnn) with magnitude-pruned dense layers, and the
// surrogate against one RT0 solve per grid size. Prints markdown tables for docs/benchmarks.md.
//
// Usage: SparsePlugins.Surrogate.Bench [all|storage|sparse|scaling] [grid sizes for scaling; default 20 30 50 70 100]
// On the 2-core development machine storage takes ~10 s, sparse ~1 min and scaling 1.5-3 min (split the sizes,
// e.g. "scaling 20 30 50" and "scaling 70 100", when the machine is loaded). libtorch prints "Could not initialize
// NNPACK" on stderr for each convolution on this CPU, so run it with 2>/dev/null.
var mode = args.Length > 0 ? args[0] : "all";
int[] sizes = args.Length > 1 ? [.. args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [20, 30, 50, 70, 100];
double[] rates = [0.0, 0.5, 0.7, 0.9];
var defaultThreads = get_num_threads();

Console.WriteLine($"Load average at start: {Machine.LoadAverage()}");
Console.WriteLine(Machine.Describe(defaultThreads));
using (no_grad())
{
    if (mode is "all" or "storage") Tables.Storage(rates);
    if (mode is "all" or "sparse") Tables.SparseInference(rates, defaultThreads);
    if (mode is "all" or "scaling") Tables.Scaling(sizes, defaultThreads);
}

Console.WriteLine();
Console.WriteLine($"Load average at end: {Machine.LoadAverage()}");
Console.WriteLine($"Peak RSS: {Machine.PeakResidentMiB()} MiB");

internal static class Tables
{
    private const int PaperN = 50;

    /// <summary>Table 1: bytes of one pruned network at N = 50 in the dense state dict and the non-zero encodings.</summary>
    public static void Storage(double[] rates)
    {
        Console.WriteLine();
        Console.WriteLine($"### Storage of one network, N = {PaperN} ({Surrogate.Outputs(PaperN)} outputs)");
        Console.WriteLine();
        Console.WriteLine("| target rate | realised sparsity fc1-fc3 | realised sparsity all params | non-zeros in fc1-fc3 | Module.save bytes | int32 index + f32 bytes | x dense | uint16 delta + f32 bytes | x dense | escapes |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        long dense = 0;
        foreach (var rate in rates)
        {
            using var net = Surrogate.Build(PaperN);
            Surrogate.Prune(net, rate);
            var size = SparsePlugins.Surrogate.Bench.Storage.Measure(net);
            if (rate == 0) dense = size.StateDict;
            var zeros = size.SparseWeights - size.NonZeros;
            var all = Surrogate.ParameterCount(net);
            Console.WriteLine($"| {rate:P0} | {(double)zeros / size.SparseWeights:P3} | {(double)zeros / all:P3} | {size.NonZeros:N0} | " +
                              $"{size.StateDict:N0} | {size.NonZeroInt32:N0} | {(double)size.NonZeroInt32 / dense:F3} | " +
                              $"{size.NonZeroDelta16:N0} | {(double)size.NonZeroDelta16 / dense:F3} | {size.Escapes} |");
        }
    }

    /// <summary>
    /// Table 2: batch-1 forward at N = 50, dense against COO sparse dense layers, at the default thread count and
    /// at one thread; then the three dense layers alone, which is where sparsity could pay.
    /// </summary>
    public static void SparseInference(double[] rates, int defaultThreads)
    {
        var nets = rates.Select(rate => { var net = Surrogate.Build(PaperN); Surrogate.Prune(net, rate); return net; }).ToArray();
        using var input = Surrogate.Fields(PaperN, 1);
        using var dense = new FunctionalCnn(nets[0], PaperN, DenseKernel.Dense);
        var coo = nets.Select(net => new FunctionalCnn(net, PaperN, DenseKernel.CooMm)).ToArray();
        var gather = nets.Select(net => new FunctionalCnn(net, PaperN, DenseKernel.GatherIndexAdd)).ToArray();

        Console.WriteLine();
        Console.WriteLine($"### Accuracy of the sparse forwards (N = {PaperN}, batch 1): max |y - y_dense| / max |y_dense|, y_dense = DarcyCnn.forward of the same pruned net");
        Console.WriteLine();
        Console.WriteLine("| pruned | functional dense | COO mm | gather + index_add |");
        Console.WriteLine("|---|---|---|---|");
        for (var r = 0; r < rates.Length; r++)
        {
            using var denseOfRate = new FunctionalCnn(nets[r], PaperN, DenseKernel.Dense);
            var reference = nets[r];
            Console.WriteLine($"| {rates[r]:P0} | {RelativeDifference(() => denseOfRate.Forward(input), () => reference.forward(input)):E2} | " +
                              $"{RelativeDifference(() => coo[r].Forward(input), () => reference.forward(input)):E2} | " +
                              $"{RelativeDifference(() => gather[r].Forward(input), () => reference.forward(input)):E2} |");
        }

        // Timed at the pruned rates only: COO at 0 % (7.36 M stored entries) takes ~0.4 s per call and says nothing new.
        var pruned = Enumerable.Range(0, rates.Length).Where(r => rates[r] > 0).ToArray();
        List<(string Label, long NonZeros, Func<Tensor> Forward)> forwards =
        [
            ("DarcyCnn.forward (dense)", 0, () => nets[0].forward(input)),
            ("functional, dense linear", 0, () => dense.Forward(input)),
            .. pruned.Select(r => ($"functional, COO mm, {rates[r]:P0} pruned", coo[r].StoredNonZeros, (Func<Tensor>)(() => coo[r].Forward(input)))),
            .. pruned.Select(r => ($"functional, gather + index_add, {rates[r]:P0} pruned", gather[r].StoredNonZeros, (Func<Tensor>)(() => gather[r].Forward(input)))),
        ];
        PrintInterleaved($"Whole forward, N = {PaperN}, batch 1", forwards, defaultThreads, rounds: 50);

        // The dense layers alone, on inputs of their real widths (non-negative, as after ReLU).
        var shapes = Surrogate.Parameters(nets[0]);
        using var fc1In = rand(1, shapes["fc1.weight"].shape[1]);
        using var fc2In = rand(1, shapes["fc2.weight"].shape[1]);
        using var fc3In = rand(1, shapes["fc3.weight"].shape[1]);
        List<(string Label, long NonZeros, Func<Tensor> Forward)> layers =
        [
            ("fc1+fc2+fc3, dense linear", 0, () => dense.DenseLayersOnly(fc1In, fc2In, fc3In)),
            .. pruned.Select(r => ($"fc1+fc2+fc3, COO mm, {rates[r]:P0} pruned", coo[r].StoredNonZeros, (Func<Tensor>)(() => coo[r].DenseLayersOnly(fc1In, fc2In, fc3In)))),
            .. pruned.Select(r => ($"fc1+fc2+fc3, gather + index_add, {rates[r]:P0} pruned", gather[r].StoredNonZeros, (Func<Tensor>)(() => gather[r].DenseLayersOnly(fc1In, fc2In, fc3In)))),
        ];
        // Fewer rounds here: the COO rows cost ~0.1 s each and this table only splits the cost of the one above.
        PrintInterleaved($"The three dense layers alone, N = {PaperN}, batch 1", layers, defaultThreads, rounds: 20);

        foreach (var f in coo.Concat(gather)) f.Dispose();
        foreach (var net in nets) net.Dispose();
    }

    /// <summary>
    /// Table 3: per grid size, the dense surrogate's forward per field (batch 1 and batch 64, default threads and one
    /// thread) against one single-thread RT0 solve of the same field.
    /// </summary>
    public static void Scaling(int[] sizes, int defaultThreads)
    {
        Timing.WarmUpSolver();
        int[] threadCounts = [.. new[] { defaultThreads, 1 }.Distinct()];
        Console.WriteLine();
        Console.WriteLine("### Surrogate (dense) against the RT0 solver, per field: median / min ms");
        Console.WriteLine();
        Console.WriteLine("| N | outputs | parameters | fc1 / fc2 / fc3 weights | f32 MiB | RT0 solve, 1 thread (CG it.) | " +
                          string.Join(" | ", threadCounts.Select(t => $"batch 1, {t} thr | batch 64 per field, {t} thr")) + " |");
        Console.WriteLine("|---|---|---|---|---|---|" + string.Concat(threadCounts.Select(_ => "---|---|")));
        var rows = new List<(int N, double Solve, double[] Surrogate)>();
        foreach (var n in sizes)
        {
            var row = ScalingRow(n, threadCounts);
            if (row is { } r) rows.Add(r);
        }

        set_num_threads(defaultThreads);
        Console.WriteLine();
        var columns = threadCounts.SelectMany(t => new[] { $"batch 1, {t} thread(s)", $"batch 64, {t} thread(s)" }).ToArray();
        for (var c = 0; c < columns.Length; c++)
        {
            var cheaper = rows.Where(r => r.Surrogate[c] < r.Solve).Select(r => r.N).ToArray();
            var ratios = string.Join(", ", rows.Select(r => $"N={r.N}: {r.Solve / r.Surrogate[c]:F2}"));
            Console.WriteLine($"* {columns[c]}: surrogate (median) cheaper than one solve (median) at N = " +
                              $"{(cheaper.Length == 0 ? "none" : string.Join(", ", cheaper))} (solve / surrogate: {ratios})");
        }
    }

    private static (int N, double Solve, double[] Surrogate)? ScalingRow(int n, int[] threadCounts)
    {
        const int Batch = 64;
        var bytes = Surrogate.EstimatedPeakBytes(n, Batch);
        if (bytes > 4L << 30)
        {
            Console.WriteLine($"| {n} | {Surrogate.Outputs(n)} | skipped: ~{bytes / (1 << 30)} GiB at batch {Batch} |");
            return null;
        }

        using var scope = NewDisposeScope();
        using var net = Surrogate.Build(n);
        var p = Surrogate.Parameters(net);
        var field = Surrogate.Field(n);
        var (solve, iterations) = Timing.Solve(n, Surrogate.Kappa(field, 0), budgetSeconds: 3);
        var one = Surrogate.Fields(n, 1);
        var batch = Surrogate.Fields(n, Batch);
        var surrogate = new List<Samples>();
        foreach (var threads in threadCounts)
        {
            set_num_threads(threads);
            surrogate.Add(Timing.Adaptive(() => net.forward(one), budgetSeconds: 2, minimum: 50, maximum: 300));
            surrogate.Add(Timing.Adaptive(() => net.forward(batch), budgetSeconds: 4, minimum: 5, maximum: 50));
        }

        // Batch-64 times are per field; every cell is "median / min" in ms, the minimum being the least loaded call.
        var perField = surrogate.Select((s, i) => i % 2 == 1 ? (Median: s.Median / Batch, Min: s.Min / Batch) : (s.Median, s.Min)).ToArray();
        var count = Surrogate.ParameterCount(net);
        Console.WriteLine($"| {n} | {Surrogate.Outputs(n)} | {count:N0} | " +
                          $"{p["fc1.weight"].numel():N0} / {p["fc2.weight"].numel():N0} / {p["fc3.weight"].numel():N0} | {count * 4 / 1048576.0:F1} | " +
                          $"{solve.Median:F3} / {solve.Min:F3} ({iterations}) | " +
                          $"{string.Join(" | ", perField.Select(t => $"{t.Median:F3} / {t.Min:F3}"))} |");
        return (n, solve.Median, [.. perField.Select(t => t.Median)]);
    }

    /// <summary>One interleaved timing table per thread count (default, then 1), ratios to the first row.</summary>
    private static void PrintInterleaved(string title, List<(string Label, long NonZeros, Func<Tensor> Forward)> operations, int defaultThreads, int rounds)
    {
        Console.WriteLine();
        Console.WriteLine($"### {title}: median of {rounds} interleaved rounds after 5 warm-up (ms)");
        Console.WriteLine();
        Console.WriteLine("| forward | stored non-zeros | threads | median ms | min ms | x first row |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var threads in new[] { defaultThreads, 1 }.Distinct())
        {
            set_num_threads(threads);
            var samples = Timing.Interleaved([.. operations.Select(o => o.Forward)], warmup: 5, rounds: rounds);
            for (var o = 0; o < operations.Count; o++)
            {
                var nonZeros = operations[o].NonZeros == 0 ? "dense" : operations[o].NonZeros.ToString("N0", CultureInfo.InvariantCulture);
                Console.WriteLine($"| {operations[o].Label} | {nonZeros} | {threads} | {samples[o].Median:F3} | {samples[o].Min:F3} | " +
                                  $"{samples[o].Median / samples[0].Median:F2} |");
            }
        }

        set_num_threads(defaultThreads);
    }

    private static double RelativeDifference(Func<Tensor> actual, Func<Tensor> expected)
    {
        using var scope = NewDisposeScope();
        var reference = expected();
        return actual().sub(reference).abs().max().ReadDouble() / reference.abs().max().ReadDouble();
    }
}
