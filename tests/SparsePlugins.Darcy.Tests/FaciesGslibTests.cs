namespace SparsePlugins.Darcy.Tests;

public sealed class FaciesGslibTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("darcy-gslib-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string text, string name = "ti.dat")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ValuesRoundTripWithTheFirstValueBottomLeft()
    {
        // 3 x 2 grid, x fastest then y upwards; two values share a line, which is accepted too.
        var path = Write("3 2 1\n1\nfacies\n0\n1.5\n2\n3 4\n  5e0\n\n");

        var (width, height, values) = GslibGrid.Read(path);

        Assert.Equal((3, 2), (width, height));
        Assert.Equal([0, 1.5, 2, 3, 4, 5], values);
        Assert.Equal(4.0, values[1 * width + 1]); // (x = 1, y = 1): the middle of the top row
    }

    [Fact]
    public void OptionsOverrideTheTitleAndStandInForIt()
    {
        var path = Write("channels\n1\nfacies\n0\n1\n1\n0\n1\n0\n");
        var (width, height, _) = GslibGrid.Read(path, width: 2, height: 3);
        Assert.Equal((2, 3), (width, height));
        (width, height, _) = GslibGrid.Read(Write("6 1\n1\nfacies\n0\n1\n1\n0\n1\n0\n"), width: 3, height: 2);
        Assert.Equal((3, 2), (width, height));
    }

    [Theory]
    [InlineData("2 2 1\n1\nf\n0\n1\n0\n", "found 3 values but a 2 x 2 grid needs 4")]
    [InlineData("2 2 1\n2\nf\ng\n0 1\n0 1\n0 1\n0 1\n", "2 variables")]
    [InlineData("2 2 1\n1\nf\n0\n1\nx\n0\n", "line 6: 'x' is not a number")]
    [InlineData("training image\n1\nf\n0\n1\n0\n1\n", "set the width and height options")]
    [InlineData("2 2 3\n1\nf\n0\n1\n0\n1\n", "nz = 3")]
    [InlineData("2 2 1\n1\n", "header is too short")]
    [InlineData("2 2 1\nfacies\nf\n0\n", "number of variables")]
    public void MalformedFilesNameTheCause(string text, string cause)
    {
        var path = Write(text);
        var error = Assert.Throws<InvalidDataException>(() => GslibGrid.Read(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains(cause, error.Message);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var path = Path.Combine(_directory, "none.dat");
        Assert.Contains(path, Assert.Throws<FileNotFoundException>(() => GslibGrid.Read(path)).Message);
    }
}
