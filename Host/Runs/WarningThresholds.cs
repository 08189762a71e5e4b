namespace SparsePlugins.Host.Runs;

/// <summary>Where the host's convergence warnings start, and why there.</summary>
public static class WarningThresholds
{
    /// <summary>
    /// Rank-normalised split R-hat above this warns: Vehtari et al. (2021) recommend 1.01, down from the 1.1 of
    /// earlier practice, because 1.1 let chains through whose halves still visibly disagreed.
    /// </summary>
    public const double RHat = 1.01;

    /// <summary>Above this the warning is strong: the 1.1 of Gelman and Rubin's practice, which even the old rule
    /// rejects; between-chain differences are then a large part of the posterior's spread.</summary>
    public const double StrongRHat = 1.1;

    /// <summary>
    /// Bulk ESS below this warns: Vehtari et al. (2021) and Stan ask for at least 100 effective draws (per chain for
    /// four chains) before R-hat, ESS and the Monte Carlo error of a mean are themselves reliable; with fewer, a
    /// posterior mean's Monte Carlo error exceeds a tenth of its posterior sd.
    /// </summary>
    public const double BulkEss = 100;

    /// <summary>
    /// Fewer kept samples than this warns: the bulk ESS can at best equal the draw count, and Vehtari et al. (2021)
    /// recommend about 400 effective draws overall (100 for each of four chains) before trusting R-hat's 1.01.
    /// </summary>
    public const int Samples = 400;

    /// <summary>Below this many samples in a kept chain R-hat cannot be computed (two halves of two draws): strong.</summary>
    public const int MinimumSamplesPerChain = 4;
}
