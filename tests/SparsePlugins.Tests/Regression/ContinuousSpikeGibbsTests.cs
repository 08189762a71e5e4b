using MathNet.Numerics.LinearAlgebra;
using SparsePlugins.Reference.Regression;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// The continuous-spike reference (a Gaussian spike N(0, v0), b integrated out, delta ~ Beta integrated out) against
/// enumeration of all 2^p models on a problem small enough to enumerate, and against the point-mass reference at a
/// negligible v0 (1e-6: a prior sd of 0.001 against posterior sds of ~0.2).
/// </summary>
/// <remarks>
/// Tolerance 0.05 on each inclusion probability: 3,200 kept sweeps give a Monte Carlo sd of at most
/// sqrt(0.25 / 3200) = 0.009 for independent sweeps; with p = 4 a sweep redraws every indicator, and a factor 3 for
/// autocorrelation leaves 0.027; 0.05 is almost two of those. A sign error in the flip's log odds or a wrong
/// Sherman-Morrison update moves the contested coefficient's inclusion by far more (b2 is asserted to be contested).
/// </remarks>
public sealed class ContinuousSpikeGibbsTests
{
    private const int N = 30, P = 4;

    private static (double[,] X, double[] Y) Data()
    {
        var random = new Random(7);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var x = new double[N, P];
        var y = new double[N];
        double[] b = [1.0, 0.8, 0, 0];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < P; j++) x[i, j] = Normal();
            y[i] = Enumerable.Range(0, P).Sum(j => x[i, j] * b[j]) + Normal();
        }
        return (x, y);
    }

    /// <summary>Sum over all 2^p models of gamma_j p(y | gamma) p(gamma), each evidence from the n x n covariance.</summary>
    private static double[] Enumerated(double[,] xs, double[] ys, SpikeSlabModel model, double v0)
    {
        var x = Matrix<double>.Build.DenseOfArray(xs);
        var y = Vector<double>.Build.DenseOfArray(ys);
        var logWeights = new double[1 << P];
        for (int mask = 0; mask < 1 << P; mask++)
        {
            var d = Vector<double>.Build.Dense(P, j => (mask >> j & 1) == 1 ? model.SlabVariance : v0);
            var covariance = x * Matrix<double>.Build.DiagonalOfDiagonalVector(d) * x.Transpose()
                             + Matrix<double>.Build.DenseIdentity(N) * model.NoiseVariance;
            var chol = covariance.Cholesky();
            int k = System.Numerics.BitOperations.PopCount((uint)mask);
            double b = model.BetaB ?? P;
            // log B(a + k, b + p - k) up to log B(a, b), the same for every model.
            double logPrior = MathNet.Numerics.SpecialFunctions.BetaLn(model.BetaA + k, b + P - k);
            logWeights[mask] = -0.5 * chol.DeterminantLn - 0.5 * y.DotProduct(chol.Solve(y)) + logPrior;
        }
        double max = logWeights.Max();
        var weights = logWeights.Select(w => Math.Exp(w - max)).ToArray();
        double total = weights.Sum();
        return Enumerable.Range(0, P).Select(j => Enumerable.Range(0, 1 << P).Where(m => (m >> j & 1) == 1).Sum(m => weights[m]) / total).ToArray();
    }

    [Fact]
    public void Gibbs_inclusion_matches_enumeration_of_every_model()
    {
        var (x, y) = Data();
        var model = new SpikeSlabModel(NoiseVariance: 1, SlabVariance: 10, BetaA: 1, BetaB: 4);
        const double v0 = 0.01;
        var exact = Enumerated(x, y, model, v0);
        var sampled = new ContinuousSpikeGibbs(v0).Inclusion(new RegressionData(x, y), model);
        Assert.True(exact[1] is > 0.15 and < 0.85, $"b2 is not contested: {string.Join(", ", exact.Select(e => e.ToString("F3")))}");
        for (int j = 0; j < P; j++)
        {
            Assert.True(Math.Abs(sampled[j] - exact[j]) <= 0.05, $"b{j + 1}: Gibbs {sampled[j]:F3}, enumeration {exact[j]:F3}");
        }
    }

    [Fact]
    public void A_vanishing_spike_gives_the_point_mass_posterior()
    {
        var (x, y) = Data();
        var model = new SpikeSlabModel(NoiseVariance: 1, SlabVariance: 10, BetaA: 1, BetaB: 4);
        var data = new RegressionData(x, y);
        var pointMass = new CollapsedGibbs().Run(data, model).Inclusion;
        var vanishing = new ContinuousSpikeGibbs(1e-6).Inclusion(data, model);
        for (int j = 0; j < P; j++)
        {
            Assert.True(Math.Abs(vanishing[j] - pointMass[j]) <= 0.05, $"b{j + 1}: v0 = 1e-6 {vanishing[j]:F3}, point mass {pointMass[j]:F3}");
        }
    }
}

/// <summary>
/// The Laplace-spike reference (the ssgl prior's own model) against quadrature with one predictor, where the inclusion
/// probability is a ratio of two one-dimensional integrals: a / (a + b) times the slab's evidence against b / (a + b)
/// times the spike's.
/// </summary>
/// <remarks>
/// 4,000 sweeps, 3,200 kept: Monte Carlo sd at most sqrt(0.25 / 3200) = 0.009 for independent sweeps; tau and b are
/// auxiliary and slow the chain down (a factor 3 allowed: 0.027); tolerance 0.05. Quadrature on 400,001 points over
/// +-20 likelihood sds is exact to far below that. Measured: Gibbs 0.389 and 0.862 against quadrature 0.375 and 0.863;
/// a Gaussian spike of the same variance gives 0.377 and 0.926 (printed in the failure message).
/// </remarks>
public sealed class LaplaceSpikeGibbsTests
{
    [Theory]
    [InlineData(0.45)]
    [InlineData(0.7)]
    public void Inclusion_matches_quadrature_with_one_predictor(double coefficient)
    {
        const int n = 30;
        const double s = 0.1, v1 = 10, s2 = 1, a = 1, bPrior = 3;
        var random = new Random(11);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var x = new double[n, 1];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = Normal();
            y[i] = coefficient * x[i, 0] + Normal();
        }
        double xx = Enumerable.Range(0, n).Sum(i => x[i, 0] * x[i, 0]), xy = Enumerable.Range(0, n).Sum(i => x[i, 0] * y[i]);
        // log L(b) up to a constant: -(xx b^2 - 2 xy b) / (2 s2), maximal at b = xy / xx.
        double hat = xy / xx, sd = Math.Sqrt(s2 / xx);
        double LogLikelihood(double b) => -(xx * b * b - 2 * xy * b) / (2 * s2);
        double Integral(Func<double, double> prior)
        {
            const int points = 400_001;
            double lower = hat - 20 * sd, upper = hat + 20 * sd, h = (upper - lower) / (points - 1), top = LogLikelihood(hat), sum = 0;
            for (int i = 0; i < points; i++)
            {
                double b = lower + i * h;
                sum += (i == 0 || i == points - 1 ? 0.5 : 1) * Math.Exp(LogLikelihood(b) - top) * prior(b);
            }
            return sum * h;
        }
        double slab = Integral(b => Math.Exp(-b * b / (2 * v1)) / Math.Sqrt(2 * Math.PI * v1));
        double spike = Integral(b => Math.Exp(-Math.Abs(b) / s) / (2 * s));
        double exact = a * slab / (a * slab + bPrior * spike);
        Assert.InRange(exact, 0.1, 0.9);

        var model = new SpikeSlabModel(NoiseVariance: s2, SlabVariance: v1, BetaA: a, BetaB: bPrior);
        var data = new RegressionData(x, y);
        var estimate = new LaplaceSpikeGibbs(s, Sweeps: 4000).Estimate(data, model);
        double sampled = estimate.Probability[0], error = estimate.StandardError[0];
        double gaussian = new ContinuousSpikeGibbs(2 * s * s).Inclusion(data, model)[0];
        Assert.True(Math.Abs(sampled - exact) <= 0.05, $"Gibbs {sampled:F3}, quadrature {exact:F3} (Gaussian spike of the same variance: {gaussian:F3})");
        // The reported Monte Carlo error accounts for the difference (4 errors: a 1-in-15,000 miss for a normal error).
        Assert.True(Math.Abs(sampled - exact) <= 4 * error, $"Gibbs {sampled:F4} +- {error:F4}, quadrature {exact:F4}");
    }
}
