namespace SparsePlugins.Darcy.Tests;

public class RT0SolverTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(50)]
    public void UnitPermeabilityReproducesTheExactLinearVelocity(int n)
    {
        // f = 1, p(0) = 1, p(1) = 0, kappa = 1: p = 1 - x/2 - x^2/2, u = (x + 1/2, 0). u lies in RT0, so the mixed
        // method returns it exactly and the pressure as exact cell averages.
        var grid = new DarcyGrid(n);
        var solver = new RT0Solver(grid);
        var solution = new DarcySolution(grid);
        solver.Solve(TestFields.Constant(n, 1.0), solution);

        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i <= n; i++)
            {
                Assert.Equal(i * grid.H + 0.5, solution.UxAt(i, j), 1e-10);
            }
        }

        for (var j = 0; j <= n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(0.0, solution.UyAt(i, j), 1e-10);
            }
        }

        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                double a = i * grid.H, b = (i + 1) * grid.H;
                var average = 1 - (a + b) / 4 - (a * a + a * b + b * b) / 6;
                Assert.Equal(average, solution.PAt(i, j), 1e-10);
            }
        }
    }

    [Theory]
    [InlineData(16, 1e4, 1)]
    [InlineData(50, 1e4, 2)]
    [InlineData(50, 1e6, 3)]
    public void EveryCellConservesMassForHighContrast(int n, double contrast, int seed)
    {
        // 1e-10 is the requirement; the final two-point correction gives round-off, so hold it to 1e-14.
        var grid = new DarcyGrid(n);
        var solver = new RT0Solver(grid);
        var solution = new DarcySolution(grid);
        solver.Solve(TestFields.LogNormal(n, contrast, seed), solution);

        var h = grid.H;
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var outward = (solution.UxAt(i + 1, j) - solution.UxAt(i, j) + solution.UyAt(i, j + 1) - solution.UyAt(i, j)) * h;
                Assert.Equal(h * h, outward, 1e-14);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EveryCellConservesMassOnABinaryChannelFieldWithContrast1e4(int seed)
    {
        // Section 6.3's fields jump by the full contrast between neighbouring cells, unlike the smooth log-normal ones.
        const int n = 50;
        var grid = new DarcyGrid(n);
        var options = new DarcyGeneratorOptions
        {
            N = n, Channels = new ChannelFieldOptions { ChannelPermeability = 100, BackgroundPermeability = 0.01 },
        };
        var kappa = new double[grid.CellCount];
        PermeabilitySampler.For(options, grid).Draw(seed, 0, kappa, new double[ChannelFieldOptions.LatentWidth]);
        Assert.Equal(1e4, kappa.Max() / kappa.Min(), 1e-6);
        var solution = new DarcySolution(grid);
        new RT0Solver(grid).Solve(kappa, solution);

        var h = grid.H;
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var outward = (solution.UxAt(i + 1, j) - solution.UxAt(i, j) + solution.UyAt(i, j + 1) - solution.UyAt(i, j)) * h;
                Assert.Equal(h * h, outward, 1e-13);
            }
        }
    }

    [Fact]
    public void OutflowMinusInflowEqualsTheTotalSource()
    {
        const int n = 40;
        var grid = new DarcyGrid(n);
        var solver = new RT0Solver(grid, source: 2.5, pressureLeft: 3, pressureRight: -1);
        var solution = new DarcySolution(grid);
        solver.Solve(TestFields.LogNormal(n, 1e4, 3), solution);

        var net = 0.0;
        for (var j = 0; j < n; j++)
        {
            net += (solution.UxAt(n, j) - solution.UxAt(0, j)) * grid.H;
        }

        for (var i = 0; i < n; i++)
        {
            Assert.Equal(0.0, solution.UyAt(i, 0));
            Assert.Equal(0.0, solution.UyAt(i, n));
        }

        Assert.Equal(2.5, net, 1e-10);
    }

    [Fact]
    public void IterationsStayFewWhateverTheContrast()
    {
        const int n = 50;
        var grid = new DarcyGrid(n);
        var solver = new RT0Solver(grid);
        var solution = new DarcySolution(grid);
        foreach (var contrast in new[] { 1.0, 1e2, 1e4, 1e6 })
        {
            solver.Solve(TestFields.LogNormal(n, contrast, 5), solution);
            Assert.InRange(solution.Iterations, 0, 30);
            Assert.True(solution.RelativeResidual <= 1e-12);
        }
    }

    [Fact]
    public void ReusingTheSolverGivesIdenticalResults()
    {
        const int n = 12;
        var grid = new DarcyGrid(n);
        var solver = new RT0Solver(grid);
        var first = new DarcySolution(grid);
        var second = new DarcySolution(grid);
        var kappa = TestFields.LogNormal(n, 100, 9);
        solver.Solve(kappa, first);
        solver.Solve(TestFields.LogNormal(n, 1e3, 10), second);
        solver.Solve(kappa, second);
        Assert.Equal(first.Velocity, second.Velocity);
        Assert.Equal(first.Pressure, second.Pressure);
    }

    [Fact]
    public void SolvingAllocatesNothing()
    {
        const int n = 20;
        var grid = new DarcyGrid(n);
        var solver = new RT0Solver(grid);
        var solution = new DarcySolution(grid);
        var kappa = TestFields.LogNormal(n, 1e3, 4);
        solver.Solve(kappa, solution);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var r = 0; r < 5; r++)
        {
            solver.Solve(kappa, solution);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RejectsNonPositivePermeability(double bad)
    {
        var grid = new DarcyGrid(4);
        var kappa = TestFields.Constant(4, 1.0);
        kappa[5] = bad;
        var error = Assert.Throws<ArgumentException>(() => new RT0Solver(grid).Solve(kappa, new DarcySolution(grid)));
        Assert.Contains("1,1", error.Message);
    }

    [Fact]
    public void RejectsWrongSizes()
    {
        var grid = new DarcyGrid(4);
        Assert.Throws<ArgumentException>(() => new RT0Solver(grid).Solve(new double[15], new DarcySolution(grid)));
        Assert.Throws<ArgumentException>(() => new RT0Solver(grid).Solve(new double[16], new DarcySolution(new DarcyGrid(5))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DarcyGrid(1));
    }
}
