namespace SparsePlugins.Samplers.Numerics;

/// <summary>
/// Polynomially decaying step size eps_k = eps0 (k + k0)^-decay, k counting from 1. decay = 0 gives a constant
/// step; the paper's regression uses eps0 = 0.05, k0 = 0, decay = 1/3. Welling and Teh's conditions
/// (sum eps = inf, sum eps^2 &lt; inf) hold for decay in (0.5, 1]; smaller decays trade a small bias for mixing.
/// An optional linear warm-up multiplies eps_k by min(1, k / warmup): a preconditioned first step has the size eps
/// sqrt(1/(1 - a)) for every weight whatever its gradient (V starts at (1 - a) g^2), large enough to switch off whole
/// layers of ReLU units at the start of a deep network's chain; ramping eps over the first steps lets V settle first.
/// Only a finite prefix changes, so the asymptotic conditions are untouched.
/// </summary>
public readonly record struct StepSizeSchedule(double Initial, double Offset, double Decay, long Warmup = 0)
{
    public static StepSizeSchedule From(StepSizeOptions options) =>
        new(options.StepSize, options.StepOffset, options.StepDecay, options.WarmupSteps);

    public double At(long iteration)
    {
        var step = Decay == 0 ? Initial : Initial * Math.Pow(iteration + Offset, -Decay);
        return Warmup > 0 && iteration < Warmup ? step * Math.Max(iteration, 1) / Warmup : step;
    }
}
