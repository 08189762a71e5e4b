using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Samplers;

/// <summary>
/// N(mu, Sigma) as the potential U(x) = (x - mu)^T Sigma^-1 (x - mu) / 2, sampled by many independent chains at once:
/// the parameter is [chains, d], one chain per row. Every sampler here acts elementwise (its preconditioner and
/// momentum are per coordinate), so the rows never interact and the chains are exactly independent.
/// </summary>
internal sealed class GaussianTarget : IDisposable
{
    private readonly Tensor _mean;
    private readonly Tensor _precision;

    public GaussianTarget(double[] mean, double[,] covariance)
    {
        Mean = mean;
        Covariance = covariance;
        _mean = tensor(mean).DetachFromDisposeScope();
        _precision = linalg.inv(tensor(covariance)).DetachFromDisposeScope();
    }

    public static GaussianTarget Diagonal(double[] mean, double[] sd)
    {
        var covariance = new double[sd.Length, sd.Length];
        for (int i = 0; i < sd.Length; i++) covariance[i, i] = sd[i] * sd[i];
        return new GaussianTarget(mean, covariance);
    }

    public double[] Mean { get; }

    public double[,] Covariance { get; }

    public int Dimension => Mean.Length;

    public double Sd(int i) => Math.Sqrt(Covariance[i, i]);

    /// <summary>grad U = (x - mu) Sigma^-1, written into <paramref name="grad"/>.</summary>
    public void Gradient(Tensor x, Tensor grad)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        grad.copy_(x.sub(_mean).mm(_precision));
    }

    /// <summary>Exact draws mu + z L^T, z ~ N(0, I), L the Cholesky factor of Sigma: [count, d].</summary>
    public Tensor Draw(long count, Generator generator)
    {
        using var scope = NewDisposeScope();
        var l = linalg.cholesky(tensor(Covariance));
        return randn(new long[] { count, Dimension }, float64, generator: generator).mm(l.t()).Plus(_mean).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _mean.Dispose();
        _precision.Dispose();
    }
}

/// <summary>Moments of the chains' draws pooled over chains and kept (thinned) iterations.</summary>
internal sealed record ChainMoments(double[] Mean, double[] Variance, double Correlation, long Draws);

internal static class GaussianChains
{
    /// <summary>
    /// Runs <paramref name="sampler"/> for burnIn + keep iterations from x = start in every chain, the gradient set
    /// from the analytic potential, and pools every <paramref name="thin"/>-th state after burn-in.
    /// </summary>
    public static ChainMoments Run(ISampler sampler, GaussianTarget target, int chains, int burnIn, int keep, int thin,
        ulong seed, double[]? start = null, Func<long, Tensor, bool>? observe = null, bool stationaryStart = false)
    {
        int d = target.Dimension;
        using var generator = new Generator(seed);
        using var x = new TorchSharp.Modules.Parameter(stationaryStart
            ? target.Draw(chains, generator)
            : start is null ? zeros(new long[] { chains, d }, float64) : tensor(start).repeat(chains, 1));
        x.grad = zeros_like(x);
        sampler.Initialize([new NamedParameter("x", x)]);
        using var sum = zeros(new long[] { d }, float64);
        using var squares = zeros(new long[] { d }, float64);
        using var cross = zeros(new long[] { 1 }, float64);
        long draws = 0;
        var grad = x.grad!;
        for (long k = 1; k <= burnIn + keep; k++)
        {
            using var step = NewDisposeScope();
            target.Gradient(x, grad);
            sampler.Step(new SamplerStep(k, generator));
            if (observe is not null && !observe(k, x)) break;
            if (k > burnIn && (k - burnIn) % thin == 0)
            {
                using var _ = no_grad();
                sum.AddInPlace(x.sum(new long[] { 0 }));
                squares.AddInPlace(x.Squared().sum(new long[] { 0 }));
                if (d > 1) cross.AddInPlace(x.select(1, 0).mul(x.select(1, 1)).sum());
                draws += chains;
            }
        }
        var mean = new double[d];
        var variance = new double[d];
        for (int i = 0; i < d; i++)
        {
            mean[i] = sum[i].item<double>() / draws;
            variance[i] = squares[i].item<double>() / draws - mean[i] * mean[i];
        }
        double correlation = d > 1
            ? (cross.item<double>() / draws - mean[0] * mean[1]) / Math.Sqrt(variance[0] * variance[1])
            : double.NaN;
        return new ChainMoments(mean, variance, correlation, draws);
    }
}
