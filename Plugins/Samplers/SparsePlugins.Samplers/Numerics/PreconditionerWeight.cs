namespace SparsePlugins.Samplers.Numerics;

/// <summary>How the RMSprop moving-average weight a_k evolves.</summary>
public enum AlphaSchedule
{
    /// <summary>a_k = a for all k (Li et al. 2016, pSGLD; the PSGLD preset).</summary>
    Constant,

    /// <summary>a_k = 1 - c1 (c2 + k)^-gamma, rising to 1 (paper Section 4, Algorithm 2; the PSGLD-SA preset).</summary>
    Decaying,
}

/// <summary>The moving-average weight a_k of V_k = a_k V_{k-1} + (1 - a_k) g o g (ERRATA point 1, eq. 4).</summary>
public readonly record struct PreconditionerWeight(AlphaSchedule Schedule, double Alpha, double C1, double C2, double Gamma)
{
    public double At(long iteration) => Schedule switch
    {
        AlphaSchedule.Constant => Alpha,
        _ => 1 - C1 * Math.Pow(C2 + iteration, -Gamma),
    };
}
