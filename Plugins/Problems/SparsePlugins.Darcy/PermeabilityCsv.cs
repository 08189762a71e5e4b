namespace SparsePlugins.Darcy;

/// <summary>
/// Reads a permeability field from CSV: N lines of N comma-separated positive numbers, no header, the first line
/// is row 0 (the bottom of the domain), the first column x = 0.
/// </summary>
public static class PermeabilityCsv
{
    /// <returns>The grid the file describes and kappa row-major, row 0 at the bottom.</returns>
    /// <exception cref="InvalidDataException">Wrong shape, a field that is not a number, or kappa &lt;= 0.</exception>
    public static (DarcyGrid Grid, double[] Kappa) Read(string path, int? expectedN = null)
    {
        var rows = CsvGrid.Read(path);
        var n = rows.Length;
        if (n < 2)
        {
            throw new InvalidDataException($"{path}: a permeability field needs at least 2 x 2 values, found {n} row(s).");
        }

        if (expectedN is { } expected && expected != n)
        {
            throw new InvalidDataException($"{path}: expected a {expected} x {expected} field, found {n} rows.");
        }

        var kappa = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            if (rows[j].Length != n)
            {
                throw new InvalidDataException($"{path}: the field must be square ({n} rows of {n} values); row {j} has {rows[j].Length} values.");
            }

            for (var i = 0; i < n; i++)
            {
                var value = rows[j][i];
                if (!(value > 0) || double.IsInfinity(value))
                {
                    throw new InvalidDataException($"{path}: permeability must be positive and finite; row {j}, column {i} is {value}.");
                }

                kappa[j * n + i] = value;
            }
        }

        return (new DarcyGrid(n), kappa);
    }
}
