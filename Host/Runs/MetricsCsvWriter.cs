using System.Globalization;

namespace SparsePlugins.Host.Runs;

/// <summary>
/// Appends one row per epoch to <c>metrics.csv</c> and flushes it, so a run that fails later keeps every finished
/// epoch. Columns are fixed by the first row; Bayesian-model-average columns, which appear only after burn-in, are
/// reserved from the start and left empty until then.
/// </summary>
public sealed class MetricsCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();
    private string[]? _columns;

    public MetricsCsvWriter(string path)
    {
        _writer = new StreamWriter(path, append: false) { AutoFlush = false };
    }

    /// <summary>Appends a row; chains running side by side call it from their own threads.</summary>
    public void Append(int chain, IReadOnlyDictionary<string, double> row)
    {
        lock (_lock) Write(chain, row);
    }

    private void Write(int chain, IReadOnlyDictionary<string, double> row)
    {
        if (_columns is null)
        {
            var columns = row.Keys.ToList();
            // The model-average columns appear only once sampling starts; reserve them beside their metric from the first row.
            foreach (var test in row.Keys.Where(k => k.StartsWith("test_", StringComparison.Ordinal) || k.StartsWith("val_", StringComparison.Ordinal)).ToList())
            {
                if (!columns.Contains("bma_" + test)) columns.Insert(columns.IndexOf(test) + 1, "bma_" + test);
            }
            _columns = columns.ToArray();
            _writer.WriteLine("chain," + string.Join(",", _columns));
        }
        _writer.Write(chain.ToString(CultureInfo.InvariantCulture));
        foreach (var column in _columns)
        {
            _writer.Write(',');
            if (row.TryGetValue(column, out var value)) _writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
        }
        _writer.WriteLine();
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
