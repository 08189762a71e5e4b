namespace SparsePlugins.Priors;

/// <summary>
/// The stochastic-approximation step size omega_k = min(cap, scale (k + offset)^-power) (ERRATA point 4). Every SA
/// update is the convex combination theta = (1 - omega) theta + omega target, so 0 &lt; omega &lt;= 1 is required;
/// the paper's 100 (k + 100)^-0.7 exceeds 1 until k ~ 620, hence the cap (0.1 in the authors' earlier code).
/// </summary>
public readonly record struct StochasticApproximation(double Scale, double Offset, double Power, double Cap)
{
    public double At(long iteration) => Math.Min(Cap, Scale * Math.Pow(iteration + Offset, -Power));
}

/// <summary>
/// Ramp of the target sparse rate (ERRATA point 7): s_t = s (1 - base^(t / interval)) with t the number of
/// iterations since pruning started; 0 before <c>start</c>.
/// </summary>
public readonly record struct PruningRamp(double Target, double Base, double Interval, long Start)
{
    public bool Enabled => Target > 0;

    public double RateAt(long iteration)
    {
        if (!Enabled || iteration < Start) return 0;
        double t = iteration - Start + 1;
        return Target * (1 - Math.Pow(Base, t / Interval));
    }
}
