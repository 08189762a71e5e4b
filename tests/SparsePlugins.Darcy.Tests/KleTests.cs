using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace SparsePlugins.Darcy.Tests;

public class KleTests(ITestOutputHelper output)
{
    [Fact]
    public void SeparableEigenvaluesMatchTheFullTwoDimensionalProblem()
    {
        const int n = 7;
        var grid = new DarcyGrid(n);
        var basis = new KleBasis(grid, n * n);
        var h = grid.H;
        var covariance = Matrix<double>.Build.Dense(n * n, n * n, (r, c) =>
        {
            double dx = (r % n - c % n) * h, dy = (r / n - c / n) * h;
            return h * h * 2.0 * Math.Exp(-dx * dx / 0.04 - dy * dy / 0.09);
        });
        var full = covariance.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).OrderDescending().ToArray();
        for (var t = 0; t < 10; t++)
        {
            Assert.Equal(full[t], basis.Eigenvalues[t], 1e-12);
        }

        Assert.Equal(1.0, basis.VarianceFraction, 1e-12);
        Assert.Equal(2.0, basis.TotalVariance, 1e-12);
    }

    [Fact]
    public void ModesAreOrthonormalAndEigenvaluesDescend()
    {
        var grid = new DarcyGrid(50);
        var basis = new KleBasis(grid, 64);
        var cells = grid.CellCount;
        for (var s = 0; s < basis.Terms; s += 7)
        {
            for (var t = s; t < basis.Terms; t += 9)
            {
                var inner = 0.0;
                for (var k = 0; k < cells; k++)
                {
                    inner += basis.Modes[s * cells + k] * basis.Modes[t * cells + k];
                }

                Assert.Equal(s == t ? 1.0 : 0.0, inner * grid.H * grid.H, 1e-9);
            }
        }

        for (var t = 1; t < basis.Terms; t++)
        {
            Assert.True(basis.Eigenvalues[t] <= basis.Eigenvalues[t - 1]);
        }

        Assert.True(basis.Eigenvalues[^1] > 0);
    }

    [Fact]
    public void VarianceKeptGrowsWithTermsAsTheErrataSays()
    {
        var grid = new DarcyGrid(50);
        var fractions = new[] { 32, 64, 128 }.Select(p => new KleBasis(grid, p).VarianceFraction).ToArray();
        output.WriteLine($"variance kept at N = 50: p=32 {fractions[0]:P4}, p=64 {fractions[1]:P4}, p=128 {fractions[2]:P6}");
        Assert.True(fractions[0] < fractions[1] && fractions[1] < fractions[2] && fractions[2] <= 1 + 1e-12);
        Assert.InRange(fractions[1], 0.999, 0.99999);
        Assert.True(fractions[0] > 0.97);
    }

    [Fact]
    public void SampledFieldsHaveTheKeptVariance()
    {
        var grid = new DarcyGrid(20);
        var basis = new KleBasis(grid, 32);
        var field = new KleField(basis, 0.0, PermeabilityForm.Affine);
        var mu = new double[32];
        var g = new double[grid.CellCount];
        const int samples = 4000;
        var meanSquare = 0.0;
        for (var s = 0; s < samples; s++)
        {
            KleField.DrawCoefficients(KleField.SampleSeed(7, s), mu);
            basis.Combine(mu, g);
            meanSquare += g.Sum(v => v * v) / g.Length;
        }

        // E[mean over cells of g^2] = sum of kept eigenvalues, because h^2 sum Phi_t^2 = 1.
        Assert.Equal(basis.Eigenvalues.Sum(), meanSquare / samples, 0.05 * basis.Eigenvalues.Sum());
    }

    [Fact]
    public void CoefficientsAreReproducibleAndDifferPerSample()
    {
        var a = new double[33];
        var b = new double[33];
        KleField.DrawCoefficients(KleField.SampleSeed(1, 4), a);
        KleField.DrawCoefficients(KleField.SampleSeed(1, 4), b);
        Assert.Equal(a, b);
        KleField.DrawCoefficients(KleField.SampleSeed(1, 5), b);
        Assert.NotEqual(a, b);
        KleField.DrawCoefficients(KleField.SampleSeed(2, 4), b);
        Assert.NotEqual(a, b);
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(i => KleField.SampleSeed(3, i)).Distinct().Count());
    }

    [Fact]
    public void LogNormalFieldIsTheExponentialOfTheSum()
    {
        var grid = new DarcyGrid(10);
        var basis = new KleBasis(grid, 16);
        var mu = new double[16];
        KleField.DrawCoefficients(3, mu);
        var g = new double[100];
        var kappa = new double[100];
        basis.Combine(mu, g);
        new KleField(basis, 0.5, PermeabilityForm.LogNormal).Evaluate(mu, kappa);
        for (var k = 0; k < 100; k++)
        {
            Assert.Equal(Math.Exp(0.5 + g[k]), kappa[k], 1e-12 * kappa[k]);
        }
    }

    [Fact]
    public void AffineFieldRefusesNonPositivePermeabilityNamingTheOption()
    {
        var grid = new DarcyGrid(20);
        var basis = new KleBasis(grid, 128);
        var mu = new double[128];
        KleField.DrawCoefficients(1, mu);
        var kappa = new double[grid.CellCount];
        var error = Assert.Throws<InvalidOperationException>(() => new KleField(basis, 0.0, PermeabilityForm.Affine).Evaluate(mu, kappa));
        Assert.Contains("Mean", error.Message);
        Assert.Contains(nameof(PermeabilityForm.LogNormal), error.Message);

        new KleField(basis, 20.0, PermeabilityForm.Affine).Evaluate(mu, kappa);
        Assert.All(kappa, v => Assert.True(v > 0));
    }

    [Fact]
    public void RejectsBadOptions()
    {
        var grid = new DarcyGrid(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => new KleBasis(grid, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KleBasis(grid, 17));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KleBasis(grid, 4, -0.1));
    }
}
