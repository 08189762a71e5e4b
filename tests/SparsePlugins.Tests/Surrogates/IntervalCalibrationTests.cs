using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Surrogates;

/// <summary>
/// Conformal interval multipliers. Tolerances: the q-quantile of n scores with density f at the quantile m has sd
/// sqrt(q (1 - q) / n) / f(m); an observed coverage of n fresh draws has binomial sd sqrt(q (1 - q) / n).
/// </summary>
public sealed class IntervalCalibrationTests
{
    [Fact]
    public void Gaussian_residuals_give_the_normal_quantiles()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        var scores = randn(100_000, dtype: ScalarType.Float64, generator: generator).abs();

        var calibration = IntervalCalibration.Fit(scores);

        // |Z| has density 2 phi(m): sd of the quantile 0.0025 at q = 0.5 (m = 0.674), 0.0059 at q = 0.95 (m = 1.96); 4 sd.
        Assert.Equal(0.6745, calibration.Multiplier(0.5), 0.01);
        Assert.Equal(1.6449, calibration.Multiplier(0.9), 0.015);
        Assert.Equal(1.9600, calibration.Multiplier(0.95), 0.024);
    }

    [Fact]
    public void Heavy_tailed_residuals_get_intervals_that_cover_what_they_say_where_gaussian_ones_do_not()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        // Student t with 3 degrees of freedom scaled to unit variance: the kurtosis of an undertrained network's errors.
        Tensor StudentT(long n)
        {
            var z = randn(n, 3, dtype: ScalarType.Float64, generator: generator);
            var chi2 = z.mul(z).sum([1]);
            // T = Z / sqrt(chi2 / 3) has variance 3, so T / sqrt 3 = Z / sqrt(chi2) has variance 1.
            return randn(n, dtype: ScalarType.Float64, generator: generator).div(chi2.sqrt());
        }
        var calibration = IntervalCalibration.Fit(StudentT(50_000).abs());
        var fresh = StudentT(50_000);
        var mean = zeros(50_000, dtype: ScalarType.Float64);
        using var conformal = PredictiveDistribution.FromMembers([mean.unsqueeze(1)], [1.0], calibration);
        using var gaussian = PredictiveDistribution.FromMembers([mean.unsqueeze(1)], [1.0]);

        // Binomial sd of a coverage over 50 000 draws <= 0.0022, plus the calibration quantile's own error: 0.012 is ~4 sd.
        foreach (var level in new[] { 0.5, 0.8, 0.95 })
        {
            Assert.Equal(level, conformal.Coverage(fresh.unsqueeze(1), level), 0.012);
        }
        // The Gaussian 50% interval of a unit-variance t3 covers P(|T3| <= 0.674 sqrt 3) = 0.67, far from 0.5.
        Assert.InRange(gaussian.Coverage(fresh.unsqueeze(1), 0.5), 0.64, 0.70);
    }

    [Fact]
    public void Multipliers_interpolate_between_levels_and_extrapolate_like_the_normal_beyond_the_last()
    {
        var calibration = new IntervalCalibration([0.5, 0.9], [1.0, 2.0]);

        Assert.Equal(1.5, calibration.Multiplier(0.7), 12);
        Assert.Equal(0.5, calibration.Multiplier(0.25), 12);
        Assert.Equal(2.0 * NormalQuantile.Central(0.99) / NormalQuantile.Central(0.9), calibration.Multiplier(0.99), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => calibration.Multiplier(1.0));
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.9 }, new[] { 1.0 }, "levels but")]
    [InlineData(new[] { 0.9, 0.5 }, new[] { 1.0, 2.0 }, "increase strictly")]
    [InlineData(new[] { 0.5, 0.9 }, new[] { 1.0, double.PositiveInfinity }, "finite")]
    public void An_unusable_table_says_what_is_wrong(double[] levels, double[] multipliers, string expected)
    {
        Assert.Contains(expected, new IntervalCalibration(levels, multipliers).Problem(), StringComparison.Ordinal);
    }

    [Fact]
    public void Standardised_residuals_skip_outputs_whose_predictive_sd_is_zero()
    {
        using var scope = NewDisposeScope();
        // Two outputs: the second has no spread and no noise, so its interval is a point.
        var members = new[] { tensor(new double[] { 0, 5 }, [1, 2]), tensor(new double[] { 2, 5 }, [1, 2]) };
        using var distribution = PredictiveDistribution.FromMembers(members, [0.0, 0.0]);

        var scores = distribution.StandardisedResiduals(tensor(new double[] { 3, 5 }, [1, 2]));

        Assert.Equal(new[] { 2.0 }, scores.data<double>().ToArray());
    }
}
