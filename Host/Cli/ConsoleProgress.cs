using System.Diagnostics;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Cli;

/// <summary>Prints progress of long work (rate and time left) at most once a second, and once at the end.</summary>
public sealed class ConsoleProgress(TextWriter writer) : IProgress<ProgressReport>, IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private double _lastPrint = double.NegativeInfinity;
    private ProgressReport? _last;

    public void Report(ProgressReport value)
    {
        lock (_gate)
        {
            _last = value;
            var now = _clock.Elapsed.TotalSeconds;
            if (now - _lastPrint < 1 && value.Done < value.Total) return;
            _lastPrint = now;
            Print(value, now);
        }
    }

    private void Print(ProgressReport value, double seconds)
    {
        var rate = value.Done / Math.Max(seconds, 1e-9);
        var left = rate > 0 ? (value.Total - value.Done) / rate : double.NaN;
        writer.WriteLine($"{value.Task}: {value.Done}/{value.Total} ({100.0 * value.Done / Math.Max(value.Total, 1):F0}%, " +
                         $"{rate:F1}/s, {(double.IsFinite(left) ? $"{left:F0} s left" : "?")})");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_last is { } last && last.Done < last.Total) Print(last, _clock.Elapsed.TotalSeconds);
        }
    }
}
