namespace SparsePlugins.Darcy;

/// <summary>
/// Writes a solution as <c>ux.csv</c> (N rows of N + 1), <c>uy.csv</c> (N + 1 rows of N) and <c>p.csv</c> (N rows of N):
/// no header, first line = row 0 (bottom), values in round-trip precision.
/// </summary>
public static class SolutionCsv
{
    /// <returns>The three paths written.</returns>
    public static IReadOnlyList<string> Write(DarcySolution solution, string directory)
    {
        Directory.CreateDirectory(directory);
        var n = solution.Grid.N;
        var ux = Path.Combine(directory, "ux.csv");
        var uy = Path.Combine(directory, "uy.csv");
        var p = Path.Combine(directory, "p.csv");
        CsvGrid.Write(ux, solution.Ux, n, n + 1);
        CsvGrid.Write(uy, solution.Uy, n + 1, n);
        CsvGrid.Write(p, solution.Pressure, n, n);
        return [ux, uy, p];
    }

    /// <summary>Solves the permeability in <paramref name="kappaCsv"/> and writes the solution into <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Solve(string kappaCsv, string directory, double source = 1.0, double pressureLeft = 1.0, double pressureRight = 0.0)
    {
        var (grid, kappa) = PermeabilityCsv.Read(kappaCsv);
        var solution = new DarcySolution(grid);
        new RT0Solver(grid, source, pressureLeft, pressureRight).Solve(kappa, solution);
        return Write(solution, directory);
    }
}
