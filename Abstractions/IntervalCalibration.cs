using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>
/// Central predictive intervals that need no Gaussian assumption: the interval of level q is mean +- m(q) x predictive
/// sd, where m(q) is the q-quantile of the standardised absolute residuals |y - mean| / sd on held-out data (split
/// conformal prediction with a normalised score; Lei et al. 2018, Section 5.2). With Gaussian errors m(q) is the normal
/// quantile (1.96 at 0.95); with the heavy-tailed errors of an undertrained network it is smaller at 50% and larger at
/// 95%, so both central and wide intervals cover what they say. Coverage holds on average over outputs and
/// exchangeable inputs, not per output.
/// </summary>
/// <param name="Levels">Strictly increasing levels in (0, 1).</param>
/// <param name="Multipliers">m at each level, non-decreasing and non-negative.</param>
public sealed record IntervalCalibration(double[] Levels, double[] Multipliers)
{
    /// <summary>0.01, 0.02, ..., 0.99, then 0.995 and 0.999: fine enough that interpolating changes an interval by well
    /// under the quantiles' own sampling error.</summary>
    public static IReadOnlyList<double> DefaultLevels { get; } =
        [.. Enumerable.Range(1, 99).Select(i => i / 100.0), 0.995, 0.999];

    /// <summary>The conformal quantiles of <paramref name="scores"/> (any shape; non-negative; NaN not allowed).</summary>
    public static IntervalCalibration Fit(Tensor scores, IReadOnlyList<double>? levels = null)
    {
        levels ??= DefaultLevels;
        using var scope = NewDisposeScope();
        var sorted = scores.detach().to(ScalarType.Float64).flatten().sort().Values.cpu().data<double>().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("Interval calibration needs at least one held-out residual.");
        // The ceil((n + 1) q)-th smallest score: the finite-sample conformal quantile (capped at the largest score).
        var multipliers = levels.Select(q => sorted[Math.Clamp((int)Math.Ceiling((sorted.Length + 1) * q) - 1, 0, sorted.Length - 1)])
            .ToArray();
        return new IntervalCalibration([.. levels], multipliers);
    }

    /// <summary>
    /// m(level), interpolated linearly between stored levels; below the first level linearly to m(0) = 0; above the last,
    /// the last multiplier scaled as the normal quantile grows (the data say nothing that far out).
    /// </summary>
    public double Multiplier(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "An interval's level lies in (0, 1).");
        int above = Array.FindIndex(Levels, l => l >= level);
        if (above == 0) return Multipliers[0] * level / Levels[0];
        if (above < 0) return Multipliers[^1] * NormalQuantile.Central(level) / NormalQuantile.Central(Levels[^1]);
        double t = (level - Levels[above - 1]) / (Levels[above] - Levels[above - 1]);
        return Multipliers[above - 1] + t * (Multipliers[above] - Multipliers[above - 1]);
    }

    /// <summary>Null when the table is usable; otherwise what is wrong with it (for a file read back).</summary>
    public string? Problem()
    {
        if (Levels.Length == 0 || Levels.Length != Multipliers.Length) return $"{Levels.Length} levels but {Multipliers.Length} multipliers";
        for (int i = 0; i < Levels.Length; i++)
        {
            if (!(Levels[i] > 0 && Levels[i] < 1) || (i > 0 && Levels[i] <= Levels[i - 1])) return "levels must increase strictly within (0, 1)";
            if (!(Multipliers[i] >= 0) || double.IsInfinity(Multipliers[i]) || (i > 0 && Multipliers[i] < Multipliers[i - 1]))
            {
                return "multipliers must be finite, non-negative and non-decreasing";
            }
        }
        return null;
    }
}
