using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Testing;

/// <summary>
/// N(mu, Sigma) as the potential U(x) = (x - mu)^T Sigma^-1 (x - mu) / 2, sampled by many independent chains at once:
/// the parameter is [chains, d], one chain per row. A sampler that acts elementwise (its preconditioner and momentum
/// per coordinate, as every shipped one) never mixes rows, so the chains are exactly independent.
/// </summary>
public sealed class GaussianTarget : IDisposable
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

    /// <summary>Correlated 2-D target: mean (1, -2), variances 1 and 2, covariance 0.6 (eigenvalues 0.71 and 2.29).</summary>
    public static GaussianTarget Correlated() => new([1.0, -2.0], new[,] { { 1.0, 0.6 }, { 0.6, 2.0 } });

    /// <summary>Ill-conditioned target: standard deviations 1 and 0.01 (100x), means 1 and 0.02 (1 and 2 sd from 0).</summary>
    public static GaussianTarget IllConditioned() => Diagonal([1.0, 0.02], [1.0, 0.01]);

    public double[] Mean { get; }

    public double[,] Covariance { get; }

    public int Dimension => Mean.Length;

    public double Sd(int i) => Math.Sqrt(Covariance[i, i]);

    /// <summary>Correlation of the first two coordinates; NaN in one dimension.</summary>
    public double Correlation => Dimension > 1 ? Covariance[0, 1] / (Sd(0) * Sd(1)) : double.NaN;

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

/// <summary>Moments of the chains' draws pooled over chains and kept iterations.</summary>
/// <param name="Last">Mean over chains of the final state (for optimizers: the point they reached).</param>
public sealed record ChainMoments(double[] Mean, double[] Variance, double Correlation, long Draws, double[] Last);

/// <summary>How long to run the chains of <see cref="GaussianChains.Run"/>.</summary>
/// <param name="Chains">Independent chains (rows of the parameter).</param>
/// <param name="BurnIn">Iterations discarded at the start.</param>
/// <param name="Keep">Iterations after burn-in.</param>
/// <param name="Thin">Every Thin-th kept iteration is pooled (if the sampler <see cref="ISampler.Collects"/> it).</param>
/// <param name="StationaryStart">Start every chain from an exact draw (an invariance test) instead of from zero.</param>
/// <param name="IterationsPerEpoch">Passed to the sampler in <see cref="SamplerSetup"/> (schedules per epoch).</param>
public sealed record GaussianRun(int Chains, int BurnIn, int Keep, int Thin, bool StationaryStart = false, long IterationsPerEpoch = 100)
{
    public long TotalIterations => BurnIn + Keep;
}

public static class GaussianChains
{
    /// <summary>
    /// Runs <paramref name="sampler"/> as the host would (Initialize(SamplerSetup) with the chain's length, the
    /// gradient of U in every parameter's grad on entry to Step, each iteration in a dispose scope)
    /// and pools every <see cref="GaussianRun.Thin"/>-th state after burn-in that the sampler collects.
    /// </summary>
    /// <param name="observe">Called after every step with k and the parameter; return false to stop early.</param>
    /// <param name="start">Start of every chain (default zero); ignored with a stationary start.</param>
    public static ChainMoments Run(ISampler sampler, GaussianTarget target, GaussianRun run, ulong seed,
        double[]? start = null, Func<long, Tensor, bool>? observe = null)
    {
        int d = target.Dimension;
        using var generator = new Generator(seed);
        using var x = new TorchSharp.Modules.Parameter(run.StationaryStart
            ? target.Draw(run.Chains, generator)
            : start is null ? zeros(new long[] { run.Chains, d }, float64) : tensor(start).repeat(run.Chains, 1));
        x.grad = zeros_like(x);
        sampler.Initialize(new SamplerSetup([new NamedParameter("x", x)], run.Chains, run.IterationsPerEpoch, run.TotalIterations));
        using var sum = zeros(new long[] { d }, float64);
        using var squares = zeros(new long[] { d }, float64);
        using var cross = zeros(new long[] { 1 }, float64);
        long draws = 0;
        var grad = x.grad!;
        for (long k = 1; k <= run.TotalIterations; k++)
        {
            using var step = NewDisposeScope();
            target.Gradient(x, grad);
            // As the host: the sampler is shown the likelihood's gradient first (here the whole target's: there is no
            // prior term to add), then steps; it opens no_grad itself (ISampler: it updates the parameters under no_grad).
            using (no_grad()) sampler.ObserveLikelihoodGradient(new SamplerStep(k, generator));
            sampler.Step(new SamplerStep(k, generator));
            if (observe is not null && !observe(k, x)) break;
            if (k > run.BurnIn && (k - run.BurnIn) % run.Thin == 0 && sampler.Collects(k))
            {
                using var _ = no_grad();
                sum.AddInPlace(x.sum(new long[] { 0 }));
                squares.AddInPlace(x.Squared().sum(new long[] { 0 }));
                if (d > 1) cross.AddInPlace(x.select(1, 0).mul(x.select(1, 1)).sum());
                draws += run.Chains;
            }
        }
        var mean = new double[d];
        var variance = new double[d];
        var last = new double[d];
        using (var final = x.detach().mean(new long[] { 0 }))
        {
            for (int i = 0; i < d; i++) last[i] = final[i].item<double>();
        }
        if (draws == 0) return new ChainMoments(mean, variance, double.NaN, 0, last);
        for (int i = 0; i < d; i++)
        {
            mean[i] = sum[i].item<double>() / draws;
            variance[i] = squares[i].item<double>() / draws - mean[i] * mean[i];
        }
        double correlation = d > 1
            ? (cross.item<double>() / draws - mean[0] * mean[1]) / Math.Sqrt(variance[0] * variance[1])
            : double.NaN;
        return new ChainMoments(mean, variance, correlation, draws, last);
    }
}
