using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// Per-coefficient posterior summaries of the regression weights b_1..b_p: mean, sd, 95% credible interval,
/// inclusion probability when the prior reports one, and the selected set.
/// </summary>
public sealed class CoefficientPosterior
{
    /// <summary>The linear network's weight vector; the only parameter a regression report is about.</summary>
    public const string WeightName = "weight";

    /// <summary>The per-weight statistic a spike-and-slab prior reports (mean rho over collected samples).</summary>
    public const string InclusionStatistic = "inclusion";

    public required double[] Mean { get; init; }

    public required double[] Sd { get; init; }

    public required double[] Lower { get; init; }

    public required double[] Upper { get; init; }

    /// <summary>"samples" (2.5% and 97.5% sample quantiles) or "normal" (mean +- 1.96 sd, when no samples were kept).</summary>
    public required string IntervalMethod { get; init; }

    public double[]? Inclusion { get; init; }

    /// <summary>Monte Carlo standard error of <see cref="Inclusion"/> over the kept chains; null with fewer than two.</summary>
    public double[]? InclusionMcse { get; init; }

    /// <summary>1-based indices: inclusion probability above 0.5, or, without one, a 95% interval that excludes 0.</summary>
    public required int[] Selected { get; init; }

    /// <summary>Kept samples of coefficient j (0-based) across all chains, or null when samples were not kept.</summary>
    public double[][]? SamplesByCoefficient { get; init; }

    public int Count => Mean.Length;

    public static CoefficientPosterior From(RunResult result)
    {
        var name = result.PosteriorMean.ContainsKey(WeightName) ? WeightName : result.PosteriorMean.Keys.First();
        var mean = Values(result.PosteriorMean[name]);
        var sd = Values(result.PosteriorVariance[name]).Select(v => Math.Sqrt(Math.Max(v, 0))).ToArray();
        int p = mean.Length;

        double[][]? byCoefficient = null;
        if (result.Samples?.GetValueOrDefault(name) is { } stacked && stacked.shape[0] > 0)
        {
            int s = (int)stacked.shape[0];
            var flat = Values(stacked);
            byCoefficient = new double[p][];
            for (int j = 0; j < p; j++)
            {
                var column = new double[s];
                for (int i = 0; i < s; i++) column[i] = flat[(long)i * p + j];
                byCoefficient[j] = column;
            }
        }

        var lower = new double[p];
        var upper = new double[p];
        for (int j = 0; j < p; j++)
        {
            if (byCoefficient is not null)
            {
                var sorted = byCoefficient[j].Order().ToArray();
                lower[j] = Quantile.OfSorted(sorted, 0.025);
                upper[j] = Quantile.OfSorted(sorted, 0.975);
            }
            else
            {
                lower[j] = mean[j] - 1.96 * sd[j];
                upper[j] = mean[j] + 1.96 * sd[j];
            }
        }

        double[]? inclusion = null;
        if (result.WeightStatistics.GetValueOrDefault(InclusionStatistic)?.GetValueOrDefault(name) is { } rho)
        {
            inclusion = Values(rho);
            if (inclusion.Length != p) inclusion = null;
        }

        var selected = Enumerable.Range(0, p)
            .Where(j => inclusion is not null ? inclusion[j] > 0.5 : lower[j] > 0 || upper[j] < 0)
            .Select(j => j + 1).ToArray();

        return new CoefficientPosterior
        {
            Mean = mean,
            Sd = sd,
            Lower = lower,
            Upper = upper,
            IntervalMethod = byCoefficient is not null ? "samples" : "normal",
            Inclusion = inclusion,
            InclusionMcse = inclusion is null ? null : InclusionStandardError.Of(result, name, p),
            Selected = selected,
            SamplesByCoefficient = byCoefficient,
        };
    }

    private static double[] Values(Tensor t) => TensorMath.ToDoubles(t);
}
