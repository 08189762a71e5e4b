namespace SparsePlugins.Darcy;

/// <summary>
/// Random permeability fields kappa = exp(kappa0 + g) or kappa0 + g with g the truncated KLE sum and mu ~ N(0, I);
/// mu are the latent inputs a surrogate learns from, so they are kept beside each field.
/// </summary>
public sealed class KleField
{
    public KleField(KleBasis basis, double mean, PermeabilityForm form)
    {
        Basis = basis;
        Mean = mean;
        Form = form;
    }

    public KleBasis Basis { get; }

    /// <summary>kappa0: the mean of log kappa (log-normal) or of kappa (affine).</summary>
    public double Mean { get; }

    public PermeabilityForm Form { get; }

    /// <summary>Draws standard normal coefficients from a generator seeded with <paramref name="seed"/>.</summary>
    public static void DrawCoefficients(int seed, Span<double> mu)
    {
        var random = new Random(seed);
        for (var t = 0; t < mu.Length; t += 2)
        {
            // Box-Muller: both outputs used; 1 - NextDouble() lies in (0, 1] so the log is finite.
            var radius = Math.Sqrt(-2 * Math.Log(1.0 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            mu[t] = radius * Math.Cos(angle);
            if (t + 1 < mu.Length)
            {
                mu[t + 1] = radius * Math.Sin(angle);
            }
        }
    }

    /// <summary>The seed of sample <paramref name="index"/> of a data set with seed <paramref name="seed"/> (SplitMix64 mix).</summary>
    public static int SampleSeed(long seed, long index)
    {
        unchecked
        {
            var z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }

    /// <summary>kappa at the cell centres for coefficients <paramref name="mu"/>.</summary>
    /// <exception cref="InvalidOperationException">The affine form gives kappa &lt;= 0 somewhere.</exception>
    public void Evaluate(ReadOnlySpan<double> mu, Span<double> kappa)
    {
        Basis.Combine(mu, kappa);
        if (Form == PermeabilityForm.LogNormal)
        {
            for (var k = 0; k < kappa.Length; k++)
            {
                kappa[k] = Math.Exp(Mean + kappa[k]);
            }

            return;
        }

        var worst = 0;
        for (var k = 0; k < kappa.Length; k++)
        {
            kappa[k] += Mean;
            if (kappa[k] < kappa[worst])
            {
                worst = k;
            }
        }

        if (!(kappa[worst] > 0))
        {
            var n = Basis.Grid.N;
            throw new InvalidOperationException(
                $"The affine permeability kappa0 + sum mu_j sqrt(xi_j) Phi_j is {kappa[worst]:g4} <= 0 at cell ({worst % n}, {worst / n}) " +
                $"with Mean (kappa0) = {Mean}. Raise the Mean option (kappa0 = 10 keeps nearly every field positive) " +
                $"or set Form to {nameof(PermeabilityForm.LogNormal)}.");
        }
    }
}
