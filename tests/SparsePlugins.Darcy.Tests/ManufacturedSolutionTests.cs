using Xunit.Abstractions;

namespace SparsePlugins.Darcy.Tests;

/// <summary>
/// p = 1 - x + sin(pi x) cos(pi y) / 2 meets p(0) = 1, p(1) = 0 and dp/dy = 0 on y = 0, 1; with kappa = exp(x - y)
/// the source is f = -div(kappa grad p). RT0-P0 with kappa sampled at cell centres is first order in both fields.
/// </summary>
public class ManufacturedSolutionTests(ITestOutputHelper output)
{
    private static readonly double[] GaussNodes = [0.5 - Math.Sqrt(15) / 10, 0.5, 0.5 + Math.Sqrt(15) / 10];
    private static readonly double[] GaussWeights = [5.0 / 18, 8.0 / 18, 5.0 / 18];

    private static double Kappa(double x, double y) => Math.Exp(x - y);

    private static double Pressure(double x, double y) => 1 - x + 0.5 * Math.Sin(Math.PI * x) * Math.Cos(Math.PI * y);

    private static (double X, double Y) Gradient(double x, double y) =>
        (-1 + 0.5 * Math.PI * Math.Cos(Math.PI * x) * Math.Cos(Math.PI * y),
         -0.5 * Math.PI * Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y));

    private static double Source(double x, double y)
    {
        var k = Kappa(x, y);
        var (px, py) = Gradient(x, y);
        var laplacian = -Math.PI * Math.PI * Math.Sin(Math.PI * x) * Math.Cos(Math.PI * y);
        // d(kappa)/dx = kappa, d(kappa)/dy = -kappa.
        return -(k * px - k * py + k * laplacian);
    }

    private static (double Velocity, double Pressure) Errors(int n)
    {
        var grid = new DarcyGrid(n);
        var h = grid.H;
        var kappa = new double[n * n];
        var source = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var (cx, cy) = grid.CellCentre(i, j);
                kappa[grid.Cell(i, j)] = Kappa(cx, cy);
                source[grid.Cell(i, j)] = CellAverage(i, j, h, Source);
            }
        }

        var solution = new DarcySolution(grid);
        new RT0Solver(grid).Solve(kappa, source, solution);

        double velocity = 0, pressure = 0;
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                for (var a = 0; a < 3; a++)
                {
                    for (var b = 0; b < 3; b++)
                    {
                        double s = GaussNodes[a], t = GaussNodes[b];
                        double x = (i + s) * h, y = (j + t) * h;
                        var w = GaussWeights[a] * GaussWeights[b] * h * h;
                        var uxh = (1 - s) * solution.UxAt(i, j) + s * solution.UxAt(i + 1, j);
                        var uyh = (1 - t) * solution.UyAt(i, j) + t * solution.UyAt(i, j + 1);
                        var (px, py) = Gradient(x, y);
                        var k = Kappa(x, y);
                        velocity += w * (Math.Pow(uxh + k * px, 2) + Math.Pow(uyh + k * py, 2));
                        pressure += w * Math.Pow(solution.PAt(i, j) - Pressure(x, y), 2);
                    }
                }
            }
        }

        return (Math.Sqrt(velocity), Math.Sqrt(pressure));
    }

    private static double CellAverage(int i, int j, double h, Func<double, double, double> f)
    {
        var sum = 0.0;
        for (var a = 0; a < 3; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                sum += GaussWeights[a] * GaussWeights[b] * f((i + GaussNodes[a]) * h, (j + GaussNodes[b]) * h);
            }
        }

        return sum;
    }

    [Fact]
    public void VelocityAndPressureConvergeAtFirstOrder()
    {
        var errors = new[] { 8, 16, 32 }.Select(Errors).ToArray();
        for (var k = 1; k < errors.Length; k++)
        {
            var velocityRate = Math.Log2(errors[k - 1].Velocity / errors[k].Velocity);
            var pressureRate = Math.Log2(errors[k - 1].Pressure / errors[k].Pressure);
            output.WriteLine($"rates {velocityRate:F3} {pressureRate:F3}; errors {errors[k].Velocity:E3} {errors[k].Pressure:E3}");
            Assert.True(velocityRate > 0.8, $"velocity rate {velocityRate:F3} ({errors[k - 1].Velocity:E3} -> {errors[k].Velocity:E3})");
            Assert.True(pressureRate > 0.8, $"pressure rate {pressureRate:F3} ({errors[k - 1].Pressure:E3} -> {errors[k].Pressure:E3})");
        }

        Assert.True(errors[^1].Velocity < 0.1);
    }
}
