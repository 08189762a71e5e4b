using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using SparsePlugins.Darcy;
using static TorchSharp.torch;

namespace SparsePlugins.Surrogate.Bench;

/// <summary>Sorted wall-clock samples of one operation, in milliseconds.</summary>
internal sealed record Samples(double[] Sorted)
{
    public double Median => Sorted[Sorted.Length / 2];
    public double Min => Sorted[0];
    public int Count => Sorted.Length;
}

internal static class Timing
{
    /// <summary>
    /// Runs the operations in turn, one call of each per round, so that load from other processes on the shared
    /// machine falls on all of them alike. Every call runs in its own dispose scope (no tensor outlives it).
    /// </summary>
    public static Samples[] Interleaved(IReadOnlyList<Func<Tensor>> operations, int warmup, int rounds)
    {
        var times = operations.Select(_ => new double[rounds]).ToArray();
        for (var r = -warmup; r < rounds; r++)
        {
            for (var o = 0; o < operations.Count; o++)
            {
                var ms = TimeOnce(operations[o]);
                if (r >= 0) times[o][r] = ms;
            }
        }

        return times.Select(Sorted).ToArray();
    }

    /// <summary>
    /// Times one operation: a few warm-up calls, then as many calls as fit in <paramref name="budgetSeconds"/>
    /// (at least <paramref name="minimum"/>, at most <paramref name="maximum"/>), so large grids do not take minutes.
    /// </summary>
    public static Samples Adaptive(Func<Tensor> operation, double budgetSeconds, int minimum, int maximum)
    {
        var probe = double.MaxValue;
        for (var w = 0; w < 3; w++) probe = Math.Min(probe, TimeOnce(operation));
        var rounds = (int)Math.Clamp(budgetSeconds * 1000 / probe, minimum, maximum);
        return Sorted(Enumerable.Range(0, rounds).Select(_ => TimeOnce(operation)).ToArray());
    }

    /// <summary>
    /// Median RT0 solve time on one thread (the solver is serial C#), after warm-up; repeats sized like
    /// <see cref="Adaptive"/>. Returns the CG iteration count too, to show the solve is the usual one.
    /// </summary>
    public static (Samples Times, int Iterations) Solve(int n, double[] kappa, double budgetSeconds)
    {
        var grid = new DarcyGrid(n);
        var solver = new RT0Solver(grid);
        var solution = new DarcySolution(grid);
        double Once()
        {
            var start = Stopwatch.GetTimestamp();
            solver.Solve(kappa, solution);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var probe = double.MaxValue;
        for (var w = 0; w < 10; w++) probe = Math.Min(probe, Once());
        var rounds = (int)Math.Clamp(budgetSeconds * 1000 / probe, 30, 400);
        var times = Sorted(Enumerable.Range(0, rounds).Select(_ => Once()).ToArray());
        return (times, solution.Iterations);
    }

    /// <summary>
    /// Runs the solver long enough for tiered compilation to settle on optimised code before anything is timed
    /// (as bench/SparsePlugins.Darcy.Bench does).
    /// </summary>
    public static void WarmUpSolver()
    {
        var grid = new DarcyGrid(30);
        var solver = new RT0Solver(grid);
        var solution = new DarcySolution(grid);
        var kappa = Enumerable.Repeat(1.0, grid.CellCount).ToArray();
        for (var w = 0; w < 1000; w++) solver.Solve(kappa, solution);
    }

    private static double TimeOnce(Func<Tensor> operation)
    {
        using var scope = NewDisposeScope();
        var start = Stopwatch.GetTimestamp();
        operation();  // libtorch on the CPU is synchronous: the result exists when the call returns.
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static Samples Sorted(double[] times)
    {
        Array.Sort(times);
        return new Samples(times);
    }
}

internal static class Machine
{
    // Other processes on a 2-core machine change every number here, so the load is printed with them.
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    /// <summary>VmHWM of this process (batch 64 at large N needs GiB; glibc settings change how much is kept).</summary>
    public static string PeakResidentMiB() =>
        File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
                .Select(l => (long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture))
                .FirstOrDefault() ?? "n/a"
            : "n/a";

    public static string Describe(int torchThreads)
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        return $"Machine: {Environment.ProcessorCount} logical processors ({model ?? "unknown CPU"}), " +
               $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, " +
               $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, libtorch default threads {torchThreads}";
    }
}
