using System.Globalization;

namespace SparsePlugins.Darcy;

/// <summary>
/// GSLIB / Geo-EAS ASCII grids, the format of SGeMS and MPSlib training images: a title line, the number of variables,
/// one name line per variable, then the values with x fastest and y upwards (the first value is the bottom-left cell),
/// which is already the Darcy grid's row-major, bottom-first order.
/// </summary>
public static class GslibGrid
{
    /// <summary>
    /// Reads a single-variable 2-D grid. <paramref name="width"/> and <paramref name="height"/> (cells along x and y)
    /// win over the title line; when not given they come from a title line that starts with "nx ny [nz]".
    /// </summary>
    /// <returns>The grid size and the values row-major, row 0 at the bottom.</returns>
    /// <exception cref="InvalidDataException">A malformed header, a value that is not a number, or the wrong count.</exception>
    public static (int Width, int Height, double[] Values) Read(string path, int? width = null, int? height = null)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(width < 1 ? nameof(width) : nameof(height), "The grid width and height must be at least 1.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"GSLIB file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path);
        var title = HeaderLine(path, reader, 1, "the title line");
        ReadVariableCount(path, HeaderLine(path, reader, 2, "the number of variables"));
        HeaderLine(path, reader, 3, "the variable name");
        var (w, h) = Size(path, title, width, height);
        var values = ReadValues(path, reader, firstLine: 4);
        if (values.Count != (long)w * h)
        {
            throw new InvalidDataException($"{path}: found {values.Count} values but a {w} x {h} grid needs {(long)w * h}; check the width and height (title line or options).");
        }

        return (w, h, values.ToArray());
    }

    private static string HeaderLine(string path, StreamReader reader, int line, string what) =>
        reader.ReadLine() ?? throw new InvalidDataException(
            $"{path}: the header is too short, line {line} ({what}) is missing; a GSLIB file starts with a title line, the number of variables and one name line per variable.");

    /// <summary>Only single-variable files: with several columns it is not clear which one holds the facies.</summary>
    private static void ReadVariableCount(string path, string line)
    {
        var first = Tokens(line).FirstOrDefault() ?? "";
        if (!int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
        {
            throw new InvalidDataException($"{path}: line 2 must hold the number of variables, found '{line.Trim()}'; is this a GSLIB file?");
        }

        if (count != 1)
        {
            throw new InvalidDataException($"{path}: the file has {count} variables; only single-variable files are supported, keep just the facies column.");
        }
    }

    /// <summary>Options win over the title; the title counts only when it starts with two integers.</summary>
    private static (int Width, int Height) Size(string path, string title, int? width, int? height)
    {
        var (nx, ny) = width is null || height is null ? TitleSize(path, title) : (null, null);
        return (width ?? nx, height ?? ny) is (int w, int h)
            ? (w, h)
            : throw new InvalidDataException(
                $"{path}: the grid size is unknown: the title line '{title.Trim()}' does not start with \"nx ny [nz]\"; set the width and height options.");
    }

    private static (int? Nx, int? Ny) TitleSize(string path, string title)
    {
        var numbers = Tokens(title).Take(3).Select(t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null).ToArray();
        if (numbers.Length < 2 || numbers[0] is not > 0 || numbers[1] is not > 0)
        {
            return (null, null);
        }

        if (numbers.Length == 3 && numbers[2] is { } nz && nz != 1)
        {
            throw new InvalidDataException($"{path}: the title line gives nz = {nz}; only 2-D images (nz = 1) are supported, extract one layer.");
        }

        return (numbers[0], numbers[1]);
    }

    private static List<double> ReadValues(string path, StreamReader reader, int firstLine)
    {
        var values = new List<double>();
        var number = firstLine - 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            foreach (var token in Tokens(line))
            {
                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new InvalidDataException($"{path}: line {number}: '{token}' is not a number; after the header a GSLIB file holds only numbers (is the number of variables on line 2 right?).");
                }

                values.Add(value);
            }
        }

        return values;
    }

    private static string[] Tokens(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
