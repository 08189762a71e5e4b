namespace SparsePlugins.Abstractions;

/// <summary>Quantiles of the standard normal distribution, for central predictive intervals.</summary>
public static class NormalQuantile
{
    /// <summary>z with P(|Z| &lt;= z) = <paramref name="level"/> (1.96 for 0.95).</summary>
    public static double Central(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "An interval's level lies in (0, 1).");
        return Inverse(0.5 + level / 2);
    }

    /// <summary>Phi^-1(p) by bisection on Phi: 60 halvings of [-40, 40] reach double precision, and this is never hot.</summary>
    public static double Inverse(double p)
    {
        double low = -40, high = 40;
        for (int i = 0; i < 100 && high - low > 1e-15; i++)
        {
            double mid = 0.5 * (low + high);
            if (Cdf(mid) < p) low = mid;
            else high = mid;
        }
        return 0.5 * (low + high);
    }

    /// <summary>Phi(x) = erfc(-x / sqrt 2) / 2 with erfc from Numerical Recipes' Chebyshev fit (relative error &lt; 1.2e-7).</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                   t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
