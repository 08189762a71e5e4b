using System.Globalization;
using System.Text;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// The user-data format: a header row <c>x1,...,xp,y</c>, then one observation per row, numbers in invariant
/// culture. Every error names the file, the line and what to change, since users meet them before any run starts.
/// </summary>
public static class RegressionCsv
{
    /// <param name="option">The option that named the file (TrainFile, TestFile), for messages.</param>
    public static (double[,] X, double[] Y) Read(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException(
                $"{option} '{path}' does not exist (looked for '{full}'; relative paths resolve against the current " +
                $"directory '{Environment.CurrentDirectory}'). Give an absolute path or run from the folder that holds the file.",
                full);
        }
        var lines = File.ReadAllLines(full);
        int headerIndex = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerIndex < 0)
        {
            throw new InvalidDataException(
                $"{option} '{full}' is empty. Expected a header row x1,x2,...,xp,y and then one row per observation.");
        }
        var header = lines[headerIndex].Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        int p = header.Length - 1;
        var problem = HeaderProblem(header);
        if (problem is not null)
        {
            throw new InvalidDataException(
                $"{option} '{full}', line {headerIndex + 1}: the header must be x1,x2,...,xp,y with the response last " +
                $"(got '{Shorten(lines[headerIndex])}'): {problem}. Rename the columns in the file.");
        }

        var rows = new List<double[]>();
        for (int i = headerIndex + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException(
                    $"{option} '{full}', line {i + 1}: {cells.Length} values but the header has {header.Length} columns " +
                    $"(x1..x{p},y). Every row needs exactly one value per column; fix or remove the row.");
            }
            var row = new double[cells.Length];
            for (int j = 0; j < cells.Length; j++)
            {
                var text = cells[j].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out row[j]) || !double.IsFinite(row[j]))
                {
                    throw new InvalidDataException(
                        $"{option} '{full}', line {i + 1}, column '{header[j]}': '{Shorten(text)}' is not a finite number. " +
                        "Write numbers with '.' as the decimal point and no thousands separators; missing values, NaN and " +
                        "infinities are not supported, so impute or drop such rows first.");
                }
            }
            rows.Add(row);
        }
        if (rows.Count == 0)
        {
            throw new InvalidDataException($"{option} '{full}' has a header but no data rows. Add one row per observation.");
        }

        var x = new double[rows.Count, p];
        var y = new double[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = 0; j < p; j++) x[i, j] = rows[i][j];
            y[i] = rows[i][p];
        }
        return (x, y);
    }

    /// <summary>Writes values with round-trip precision, so reading the file back gives the same doubles.</summary>
    public static void Write(string path, double[,] x, double[] y)
    {
        int n = x.GetLength(0), p = x.GetLength(1);
        var builder = new StringBuilder();
        builder.AppendLine(string.Join(",", Enumerable.Range(1, p).Select(j => $"x{j}").Append("y")));
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++) builder.Append(x[i, j].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            builder.AppendLine(y[i].ToString("R", CultureInfo.InvariantCulture));
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(path, builder.ToString());
    }

    private static string? HeaderProblem(string[] header)
    {
        if (header.Length < 2) return "it needs at least one predictor column and the response y";
        if (!string.Equals(header[^1], "y", StringComparison.OrdinalIgnoreCase))
        {
            return $"the last column is '{header[^1]}' but must be 'y'";
        }
        for (int j = 0; j < header.Length - 1; j++)
        {
            if (!string.Equals(header[j], $"x{j + 1}", StringComparison.OrdinalIgnoreCase))
            {
                return $"column {j + 1} is '{header[j]}' but must be 'x{j + 1}'";
            }
        }
        return null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
