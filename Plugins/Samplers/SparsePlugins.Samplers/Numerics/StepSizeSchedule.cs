namespace SparsePlugins.Samplers.Numerics;

/// <summary>
/// Polynomially decaying step size eps_k = eps0 (k + k0)^-decay, k counting from 1. decay = 0 gives a constant
/// step; the paper's regression uses eps0 = 0.05, k0 = 0, decay = 1/3. Welling and Teh's conditions
/// (sum eps = inf, sum eps^2 &lt; inf) hold for decay in (0.5, 1]; smaller decays trade a small bias for mixing.
/// </summary>
public readonly record struct StepSizeSchedule(double Initial, double Offset, double Decay)
{
    public static StepSizeSchedule From(StepSizeOptions options) =>
        new(options.StepSize, options.StepOffset, options.StepDecay);

    public double At(long iteration) =>
        Decay == 0 ? Initial : Initial * Math.Pow(iteration + Offset, -Decay);
}
