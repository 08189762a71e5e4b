namespace SparsePlugins.Abstractions;

/// <summary>
/// A prior whose sparse parameters each have a two-component marginal density, (1 - delta) spike + delta slab. Host
/// moves that propose a weight's new value from its conditional posterior (Training:GibbsMoves) read the components
/// here; a prior that does not implement this interface simply cannot be used with them. Reporting components that
/// differ from the prior's own density keeps every move exact (the acceptance uses <see cref="IPrior.LogDensity"/>)
/// and only lowers its acceptance rate.
/// </summary>
public interface ISpikeAndSlabPrior
{
    /// <summary>The components of every sparse parameter, keyed by parameter name, at the current latent state.</summary>
    IReadOnlyDictionary<string, SpikeAndSlab> Components { get; }
}

/// <summary>One sparse parameter's spike-and-slab components.</summary>
/// <param name="SpikeScale">The scale s of the spike, a Laplace density exp(-|b| / s) / 2s (a spike of another shape gives its scale).</param>
/// <param name="SlabVariance">The variance of the slab, a Gaussian N(0, v).</param>
/// <param name="Inclusion">delta, the prior probability of the slab.</param>
public sealed record SpikeAndSlab(double SpikeScale, double SlabVariance, double Inclusion);
