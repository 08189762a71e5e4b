namespace SparsePlugins.Authoring;

/// <summary>
/// Polynomially decaying step size eps_k = eps0 (k + k0)^-decay, k counting from 1. decay = 0 gives a constant
/// step; the paper's regression uses eps0 = 0.05, k0 = 0, decay = 1/3. Welling and Teh's conditions
/// (sum eps = inf, sum eps^2 &lt; inf) hold for decay in (0.5, 1]; smaller decays trade a small bias for mixing.
/// An optional linear warm-up multiplies eps_k by min(1, k / warmup): a preconditioned first step has the size eps
/// sqrt(1/(1 - a)) for every weight whatever its gradient (V starts at (1 - a) g^2), large enough to switch off whole
/// layers of ReLU units at the start of a deep network's chain; ramping eps over the first steps lets V settle first.
/// Only a finite prefix changes, so the asymptotic conditions are untouched.
/// </summary>
/// <param name="Initial">eps0.</param>
/// <param name="Offset">k0, which delays the decay.</param>
/// <param name="Decay">The exponent; 0 for a constant step.</param>
/// <param name="Warmup">Steps of the linear warm-up; 0 for none.</param>
public readonly record struct StepSizeSchedule(double Initial, double Offset, double Decay, long Warmup = 0)
{
    /// <summary>The schedule the shared options describe.</summary>
    public static StepSizeSchedule From(StepSizeOptions options) =>
        new(options.StepSize, options.StepOffset, options.StepDecay, options.WarmupSteps);

    /// <summary>eps_k for iteration <paramref name="iteration"/> (1-based).</summary>
    public double At(long iteration)
    {
        var step = Decay == 0 ? Initial : Initial * Math.Pow(iteration + Offset, -Decay);
        return Warmup > 0 && iteration < Warmup ? step * Math.Max(iteration, 1) / Warmup : step;
    }
}
