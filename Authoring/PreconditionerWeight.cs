namespace SparsePlugins.Authoring;

/// <summary>How the RMSprop moving-average weight a_k evolves.</summary>
public enum AlphaSchedule
{
    /// <summary>a_k = a for all k (Li et al. 2016, pSGLD; the PSGLD preset).</summary>
    Constant,

    /// <summary>a_k = 1 - c1 (c2 + k)^-gamma, rising to 1 (paper Section 4, Algorithm 2; the PSGLD-SA preset).</summary>
    Decaying,
}

/// <summary>
/// The moving-average weight a_k of V_k = a_k V_{k-1} + (1 - a_k) g o g (ERRATA point 1, eq. 4). With a decaying
/// schedule and <paramref name="DecayStart"/> &gt; 1, a_k = Alpha before DecayStart and
/// max(Alpha, 1 - c1 (c2 + k - DecayStart + 1)^-gamma) from it: V then averages over the last ~1 / (1 - Alpha)
/// iterations of the burn-in instead of its whole history, whose early transient would otherwise fix G for
/// thousands of iterations once a_k is close to 1.
/// </summary>
/// <param name="Schedule">Constant or decaying.</param>
/// <param name="Alpha">The constant weight, and the floor of the decaying one after <paramref name="DecayStart"/>.</param>
/// <param name="C1">c1 of 1 - c1 (c2 + k)^-gamma.</param>
/// <param name="C2">c2 of 1 - c1 (c2 + k)^-gamma.</param>
/// <param name="Gamma">gamma of 1 - c1 (c2 + k)^-gamma.</param>
/// <param name="DecayStart">First iteration of the decay; 1 decays from the start.</param>
public readonly record struct PreconditionerWeight(AlphaSchedule Schedule, double Alpha, double C1, double C2, double Gamma, long DecayStart = 1)
{
    /// <summary>a_k for iteration <paramref name="iteration"/> (1-based).</summary>
    public double At(long iteration)
    {
        if (Schedule == AlphaSchedule.Constant) return Alpha;
        if (DecayStart <= 1) return 1 - C1 * Math.Pow(C2 + iteration, -Gamma);
        if (iteration < DecayStart) return Alpha;
        return Math.Max(Alpha, 1 - C1 * Math.Pow(C2 + iteration - DecayStart + 1, -Gamma));
    }
}
