using System.Globalization;

namespace SparsePlugins.Darcy.Tests;

public sealed class CsvTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("darcy-csv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadsRowsBottomFirst()
    {
        var (grid, kappa) = PermeabilityCsv.Read(Write("k.csv", "1,2,3\n4, 5 ,6e0\n7,8,9.5\n\n"));
        Assert.Equal(3, grid.N);
        Assert.Equal(4.0, kappa[grid.Cell(0, 1)]);
        Assert.Equal(9.5, kappa[grid.Cell(2, 2)]);
    }

    [Theory]
    [InlineData("1,2\n3\n", "square")]
    [InlineData("1,2,3\n4,5,6\n", "square")]
    [InlineData("1,x\n3,4\n", "not a number")]
    [InlineData("1,2\n3,0\n", "positive")]
    [InlineData("1,2\n3,-4\n", "positive")]
    [InlineData("1\n", "2 x 2")]
    public void RejectsMalformedFields(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => PermeabilityCsv.Read(Write("bad.csv", text)));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void RejectsAnUnexpectedSize() =>
        Assert.Throws<InvalidDataException>(() => PermeabilityCsv.Read(Write("k.csv", "1,2\n3,4\n"), expectedN: 3));

    [Fact]
    public void SolveWritesRoundTripFieldsOfTheRightShape()
    {
        const int n = 5;
        var kappa = TestFields.LogNormal(n, 50, 1);
        var lines = Enumerable.Range(0, n).Select(j => string.Join(",", kappa.Skip(j * n).Take(n).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        var input = Write("kappa.csv", string.Join("\n", lines));
        var output = Path.Combine(_directory, "out");

        var paths = SolutionCsv.Solve(input, output);

        var grid = new DarcyGrid(n);
        var expected = new DarcySolution(grid);
        new RT0Solver(grid).Solve(kappa, expected);
        Assert.Equal(["ux.csv", "uy.csv", "p.csv"], paths.Select(Path.GetFileName));
        var ux = ReadTable(paths[0]);
        var uy = ReadTable(paths[1]);
        var p = ReadTable(paths[2]);
        Assert.Equal((n, n + 1), (ux.Length, ux[0].Length));
        Assert.Equal((n + 1, n), (uy.Length, uy[0].Length));
        Assert.Equal((n, n), (p.Length, p[0].Length));
        Assert.Equal(expected.Ux.ToArray(), ux.SelectMany(r => r));
        Assert.Equal(expected.Uy.ToArray(), uy.SelectMany(r => r));
        Assert.Equal(expected.Pressure, p.SelectMany(r => r));
    }

    private static double[][] ReadTable(string path) =>
        File.ReadAllLines(path).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
}
