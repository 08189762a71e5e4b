namespace SparsePlugins.Darcy.Tests;

public sealed class FaciesChannelTests
{
    private const int N = 32;

    private static (bool[] Field, int Count) Draw(ChannelShape shape, int seed)
    {
        var field = new bool[N * N];
        var count = ChannelGenerator.Draw(shape, N, new Random(seed), field);
        return (field, count);
    }

    [Fact]
    public void FractionsAndCountsStayInRange()
    {
        var shape = new ChannelShape();
        for (var seed = 0; seed < 200; seed++)
        {
            var (field, count) = Draw(shape, seed);
            Assert.InRange((double)field.Count(c => c) / field.Length, shape.MinFraction, shape.MaxFraction);
            Assert.InRange(count, shape.MinChannels, shape.MaxChannels);
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameField()
    {
        var (first, second) = (Draw(new ChannelShape(), 11), Draw(new ChannelShape(), 11));
        Assert.Equal(first.Field, second.Field);
        Assert.Equal(first.Count, second.Count);
        Assert.NotEqual(Draw(new ChannelShape(), 11).Field, Draw(new ChannelShape(), 12).Field);
    }

    [Fact]
    public void StraightBandsAlongXFillWholeRows()
    {
        var shape = new ChannelShape(OrientationSpreadDegrees: 0, Amplitude: 0, Width: 0.1);
        for (var seed = 0; seed < 20; seed++)
        {
            var (field, _) = Draw(shape, seed);
            for (var j = 0; j < N; j++)
            {
                var row = field.AsSpan(j * N, N);
                Assert.True(row.IndexOf(!row[0]) < 0, $"seed {seed}: row {j} is mixed");
            }
        }
    }

    [Fact]
    public void AnImpossibleFractionRangeSaysWhatToChange()
    {
        var shape = new ChannelShape(MinChannels: 1, MaxChannels: 1, Width: 0.02, MinFraction: 0.99, MaxFraction: 1);
        var error = Assert.Throws<InvalidOperationException>(() => Draw(shape, 1));
        Assert.Contains("lower MinFraction", error.Message);
        Assert.Contains("fractions seen", error.Message);
    }

    [Theory]
    [InlineData(nameof(ChannelShape.MinChannels))]
    [InlineData(nameof(ChannelShape.MaxChannels))]
    [InlineData(nameof(ChannelShape.OrientationSpreadDegrees))]
    [InlineData(nameof(ChannelShape.Amplitude))]
    [InlineData(nameof(ChannelShape.Wavelength))]
    [InlineData(nameof(ChannelShape.Width))]
    [InlineData(nameof(ChannelShape.MinFraction))]
    [InlineData(nameof(ChannelShape.MaxFraction))]
    public void ValidateNamesTheBadField(string field)
    {
        var shape = field switch
        {
            nameof(ChannelShape.MinChannels) => new ChannelShape(MinChannels: 0),
            nameof(ChannelShape.MaxChannels) => new ChannelShape(MinChannels: 3, MaxChannels: 2),
            nameof(ChannelShape.OrientationSpreadDegrees) => new ChannelShape(OrientationSpreadDegrees: 91),
            nameof(ChannelShape.Amplitude) => new ChannelShape(Amplitude: -0.1),
            nameof(ChannelShape.Wavelength) => new ChannelShape(Wavelength: 0),
            nameof(ChannelShape.Width) => new ChannelShape(Width: 1.5),
            nameof(ChannelShape.MinFraction) => new ChannelShape(MinFraction: -0.1),
            _ => new ChannelShape(MinFraction: 0.5, MaxFraction: 0.5),
        };
        var error = Assert.Throws<ArgumentException>(shape.Validate);
        Assert.Equal(field, error.ParamName);
        new ChannelShape().Validate();
    }
}
