namespace SparsePlugins.Darcy;

/// <summary>
/// Draws sample i's permeability field and its latent descriptors from (Seed, i) alone, so that a data set is
/// bit-identical for any number of threads. One instance is shared by all workers: implementations are thread-safe.
/// </summary>
public abstract class PermeabilitySampler
{
    /// <summary>Latent values stored per sample (the data set's <c>coefficients</c> columns).</summary>
    public abstract int LatentWidth { get; }

    /// <summary>Share of the field variance the representation keeps (1 when nothing is truncated).</summary>
    public virtual double VarianceKept => 1.0;

    /// <summary>Writes kappa at the cell centres and the latent descriptors of sample <paramref name="sample"/>.</summary>
    /// <exception cref="InvalidOperationException">The options cannot give a valid field; the message says which to change.</exception>
    public abstract void Draw(int seed, int sample, Span<double> kappa, Span<double> latent);

    /// <summary>The sampler the options describe: channel facies when <see cref="DarcyGeneratorOptions.Channels"/> is set, else KLE.</summary>
    public static PermeabilitySampler For(DarcyGeneratorOptions options, DarcyGrid grid) => options.Channels is { } channels
        ? new ChannelFieldSampler(channels, grid)
        : new KleFieldSampler(new KleField(
            new KleBasis(grid, options.Terms, options.CorrelationLengthX, options.CorrelationLengthY, options.Variance),
            options.Mean, options.Form));
}
