namespace SparsePlugins.Darcy;

/// <summary>KLE fields (Section 6.2): the latent values are the coefficients mu ~ N(0, I).</summary>
internal sealed class KleFieldSampler(KleField kle) : PermeabilitySampler
{
    public override int LatentWidth => kle.Basis.Terms;

    public override double VarianceKept => kle.Basis.VarianceFraction;

    public override void Draw(int seed, int sample, Span<double> kappa, Span<double> latent)
    {
        KleField.DrawCoefficients(KleField.SampleSeed(seed, sample), latent);
        kle.Evaluate(latent, kappa);
    }
}
