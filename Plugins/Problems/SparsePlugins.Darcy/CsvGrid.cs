using System.Globalization;
using System.Text;

namespace SparsePlugins.Darcy;

/// <summary>Plain comma-separated tables of doubles: no header, one grid row per line, first line = row 0 (bottom).</summary>
public static class CsvGrid
{
    public static double[][] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CSV file '{path}' does not exist.", path);
        }
        if (HasNulByte(path))
        {
            throw new InvalidDataException($"{path}: a binary file, not a CSV text file (one row of comma-separated " +
                "numbers per grid row). Export the field as comma-separated text.");
        }

        var rows = new List<double[]>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split(',');
            var row = new double[fields.Length];
            for (var c = 0; c < fields.Length; c++)
            {
                if (!double.TryParse(fields[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]))
                {
                    throw new InvalidDataException($"{path}: line {lineNumber}, column {c + 1}: '{fields[c].Trim()}' is not a number.");
                }
            }

            rows.Add(row);
        }

        return rows.ToArray();
    }

    /// <summary>Writes <paramref name="rows"/> x <paramref name="columns"/> values (row-major) with round-trip precision.</summary>
    public static void Write(string path, ReadOnlySpan<double> values, int rows, int columns)
    {
        var text = new StringBuilder(rows * columns * 24);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (c > 0)
                {
                    text.Append(',');
                }

                text.Append(values[r * columns + c].ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>A NUL in the first 4 KB: an image or a spreadsheet, which the number parser would report as a bad number.</summary>
    private static bool HasNulByte(string path)
    {
        var buffer = new byte[4096];
        using var stream = File.OpenRead(path);
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Array.IndexOf(buffer, (byte)0, 0, read) >= 0;
    }
}
