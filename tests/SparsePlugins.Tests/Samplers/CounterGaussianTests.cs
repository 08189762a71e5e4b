using System.Runtime.Intrinsics;
using SparsePlugins.Authoring;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Samplers;

/// <summary>
/// The counter-based normals that the Langevin samplers draw on the CPU (<see cref="CounterGaussian"/>) are
/// standard normal and independent, reproducible from the chain's generator, and the same however they are split.
/// </summary>
/// <remarks>
/// N = 4,000,000 draws (odd size: the partial last block runs too). Standard errors of the estimates for iid
/// N(0, 1): mean 1 / sqrt(N) = 5.0e-4; variance sqrt(2 / N) = 7.1e-4; fourth moment (3) sqrt((105 - 9) / N) =
/// 4.9e-3; a correlation 1 / sqrt(N) = 5.0e-4 (1 / sqrt(N / 2) = 7.1e-4 over the N / 2 Box-Muller pairs); a bin
/// probability p: sqrt(p (1 - p) / N). Every tolerance is 5 standard errors (a false failure ~ 6e-7 per check).
/// </remarks>
public sealed class CounterGaussianTests
{
    private const long Size = 4_000_003;

    private static double[] Draws(NoiseKeys keys, long size = Size)
    {
        using var buffer = empty(size, float32);
        CounterGaussian.Fill(buffer, keys);
        return buffer.data<float>().ToArray().Select(v => (double)v).ToArray();
    }

    private static readonly NoiseKeys Keys = new(0x0123_4567_89AB_CDEFUL, 0xFEDC_BA98_7654_3210UL);

    private static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sx += x[i];
            sy += y[i];
            sxx += x[i] * x[i];
            syy += y[i] * y[i];
            sxy += x[i] * y[i];
        }
        int n = x.Count;
        double cov = sxy / n - sx / n * (sy / n);
        return cov / Math.Sqrt((sxx / n - sx / n * (sx / n)) * (syy / n - sy / n * (sy / n)));
    }

    [Fact]
    public void Draws_have_the_moments_of_a_standard_normal()
    {
        var z = Draws(Keys);
        double n = z.Length;
        double mean = z.Average();
        double variance = z.Sum(v => v * v) / n - mean * mean;
        double fourth = z.Sum(v => v * v * v * v) / n;
        double third = z.Sum(v => v * v * v) / n;

        Assert.True(Math.Abs(mean) < 5 * 5.0e-4, $"mean {mean:G4}");
        Assert.True(Math.Abs(variance - 1) < 5 * 7.1e-4, $"variance {variance:G6}");
        // s.e. of E z^3 is sqrt(15 / N) = 1.9e-3.
        Assert.True(Math.Abs(third) < 5 * 1.9e-3, $"third moment {third:G4}");
        Assert.True(Math.Abs(fourth - 3) < 5 * 4.9e-3, $"fourth moment {fourth:G5} (kurtosis 3)");
    }

    [Theory]
    [InlineData(-3.0, 0.0013499)]
    [InlineData(-2.0, 0.0227501)]
    [InlineData(-1.0, 0.1586553)]
    [InlineData(0.0, 0.5)]
    [InlineData(0.5, 0.6914625)]
    [InlineData(2.5, 0.9937903)]
    public void Draws_follow_the_normal_distribution_function(double x, double phi)
    {
        var z = Draws(Keys);
        double below = z.Count(v => v <= x) / (double)z.Length;

        Assert.True(Math.Abs(below - phi) < 5 * Math.Sqrt(phi * (1 - phi) / z.Length), $"P(z <= {x}) = {below:G6}, Phi = {phi}");
    }

    [Fact]
    public void Draws_are_uncorrelated_at_short_lags_and_within_a_box_muller_pair()
    {
        var z = Draws(Keys);
        int m = z.Length - 16;
        foreach (int lag in new[] { 1, 2, 7, 8, 9, 16 })
        {
            double r = Correlation(new ArraySegment<double>(z, 0, m), new ArraySegment<double>(z, lag, m));
            Assert.True(Math.Abs(r) < 5 * 5.0e-4, $"lag {lag}: correlation {r:G3}");
        }

        // The two outputs of one pair sit 8 apart within a block of 16: z0 = r cos(theta), z1 = r sin(theta) are
        // independent, so their squares are uncorrelated as well (a flawed angle or radius would couple them).
        var first = new List<double>();
        var second = new List<double>();
        for (int block = 0; block + 16 <= z.Length; block += 16)
        {
            for (int l = 0; l < 8; l++)
            {
                first.Add(z[block + l]);
                second.Add(z[block + 8 + l]);
            }
        }
        double pair = Correlation(first, second);
        // s.e. of the correlation of the squares: 1 / sqrt(N / 2) as well (z^2 has variance 2, the ratio cancels).
        double squares = Correlation(first.Select(v => v * v).ToList(), second.Select(v => v * v).ToList());
        Assert.True(Math.Abs(pair) < 5 * 7.1e-4, $"pair correlation {pair:G3}");
        Assert.True(Math.Abs(squares) < 5 * 7.1e-4, $"pair correlation of squares {squares:G3}");
    }

    [Fact]
    public void Streams_with_different_keys_are_uncorrelated()
    {
        var a = Draws(Keys);
        var b = Draws(Keys with { Second = Keys.Second + 1 });
        var c = Draws(Keys with { First = Keys.First + 1 });

        Assert.True(Math.Abs(Correlation(a, b)) < 5 * 5.0e-4, $"second key + 1: correlation {Correlation(a, b):G3}");
        Assert.True(Math.Abs(Correlation(a, c)) < 5 * 5.0e-4, $"first key + 1: correlation {Correlation(a, c):G3}");
    }

    [Fact]
    public void Numbers_depend_on_the_keys_and_index_only()
    {
        // One thread, two threads and a shorter tensor (a different chunk split and tail) agree element by element.
        int threads = get_num_threads();
        double[] one;
        try
        {
            set_num_threads(1);
            one = Draws(Keys, 300_007);
        }
        finally
        {
            set_num_threads(threads);
        }
        set_num_threads(Math.Max(2, threads));
        try
        {
            var two = Draws(Keys, 300_007);
            var shorter = Draws(Keys, 200_001);
            Assert.Equal(one, two);
            Assert.Equal(one.Take(200_000), shorter.Take(200_000));
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    [Fact]
    public void Keys_are_drawn_reproducibly_from_the_chain_generator()
    {
        using var g1 = new Generator(5);
        using var g2 = new Generator(5);
        var first = CounterGaussian.DrawKeys(g1);
        var next = CounterGaussian.DrawKeys(g1);

        Assert.Equal(first, CounterGaussian.DrawKeys(g2));
        Assert.NotEqual(first, next);
        // A resumed chain restores the generator's state and continues with the same keys.
        using var state = g1.get_state();
        var after = CounterGaussian.DrawKeys(g1);
        g2.set_state(state);
        Assert.Equal(after, CounterGaussian.DrawKeys(g2));
    }

    [Fact]
    public void Float64_buffers_hold_the_same_numbers()
    {
        using var single = empty(1001, float32);
        using var wide = empty(1001, float64);
        CounterGaussian.Fill(single, Keys);
        CounterGaussian.Fill(wide, Keys);

        Assert.Equal(single.data<float>().ToArray().Select(v => (double)v), wide.data<double>().ToArray());
    }

    [Fact]
    public void Quarter_turn_sine_and_cosine_are_accurate()
    {
        // On |x| <= pi / 4 the polynomials must be within 1.2e-7 (two float ulps at 1) of the true values.
        double worst = 0;
        const int steps = 1 << 20;
        for (int k = 0; k <= steps; k += 8)
        {
            var x = Vector256.Create(Enumerable.Range(0, 8).Select(l => (float)((k + l) * (Math.PI / 2) / steps - Math.PI / 4)).ToArray());
            var (cos, sin) = CounterGaussian.QuarterSinCos(x);
            for (int l = 0; l < 8; l++)
            {
                worst = Math.Max(worst, Math.Max(Math.Abs(cos[l] - Math.Cos(x[l])), Math.Abs(sin[l] - Math.Sin(x[l]))));
            }
        }
        Assert.True(worst < 1.2e-7, $"largest error {worst:G3}");
    }
}
