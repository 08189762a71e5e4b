using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Authoring;

/// <summary>
/// Single-pass float32 kernels of the Langevin updates over contiguous CPU tensors: one read and one write of each
/// buffer instead of one per tensor operation, the noise drawn in the pass from <see cref="CounterGaussian"/>'s
/// stream (the same numbers <see cref="LangevinNoise.Draw"/> materialises). Callers take them when every operand
/// qualifies (<see cref="FusedTensors.Qualify"/>) and otherwise the equivalent in-place tensor operations, which the
/// float64 tests check against exact posteriors: <see cref="LangevinNoise.Step"/> and
/// <see cref="RmsPropPreconditioner.LangevinStep"/> make that choice.
/// </summary>
public static unsafe class FusedKernels
{
    /// <summary>
    /// pSGLD in one pass: V = a V + (1 - a) g^2 (V = g^2 when <paramref name="first"/>), D = eta + sqrt V,
    /// beta += -eps g / D + scale xi / sqrt D, with xi the counter-based normals of <paramref name="keys"/> drawn in
    /// place (no noise buffer is written or read).
    /// </summary>
    /// <param name="parameter">beta, updated in place.</param>
    /// <param name="gradient">grad U.</param>
    /// <param name="v">The preconditioner's V, updated in place.</param>
    /// <param name="keys">The keys of this parameter's noise for this step.</param>
    /// <param name="alpha">a_k, the weight of the old V.</param>
    /// <param name="first">True on the first step: V = g^2, the old V is not read.</param>
    /// <param name="eta">The regulariser in D = eta + sqrt V.</param>
    /// <param name="eps">The step size.</param>
    /// <param name="scale">The noise scale, sqrt(2 eps / tau).</param>
    /// <param name="updateV">False when V was already updated this step with another gradient (pSGLD's likelihood-only
    /// preconditioner): V is read, not written, and <paramref name="alpha"/> and <paramref name="first"/> are ignored.</param>
    public static void Psgld(Tensor parameter, Tensor gradient, Tensor v, NoiseKeys keys,
        double alpha, bool first, double eta, double eps, double scale, bool updateV = true)
    {
        var step = new PsgldLanes(FusedTensors.Floats(parameter), FusedTensors.Floats(gradient), FusedTensors.Floats(v),
            first ? 0f : (float)alpha, first ? 1f : (float)(1 - alpha), first, (float)eta, (float)-eps, (float)scale, updateV);
        FusedTensors.For(parameter.numel(), (start, end) =>
        {
            long i = start;
            for (; i + CounterGaussian.Block <= end; i += CounterGaussian.Block)
            {
                var (low, high) = CounterGaussian.Normals(keys, i / CounterGaussian.Block);
                step.Apply(i, low);
                step.Apply(i + 8, high);
            }
            CounterGaussian.Tail(keys, i, end, step.Apply);
        });
    }

    /// <summary>The pSGLD update of 8 elements (or one, for the tail) with their noise.</summary>
    private readonly struct PsgldLanes(float* p, float* g, float* v, float a, float b, bool first, float eta, float step, float noise,
        bool update)
    {
        public void Apply(long i, Vector256<float> xi)
        {
            var gi = Vector256.Load(g + i);
            Vector256<float> vi;
            if (!update) vi = Vector256.Load(v + i);
            else
            {
                // On the first step V is not read at all: 0 * (whatever the fresh buffer holds) is NaN for NaN bits.
                vi = first ? gi * gi : Vector256.Create(a) * Vector256.Load(v + i) + Vector256.Create(b) * gi * gi;
                vi.Store(v + i);
            }
            var d = Vector256.Create(eta) + Vector256.Sqrt(vi);
            (Vector256.Load(p + i) + Vector256.Create(step) * gi / d + Vector256.Create(noise) * xi / Vector256.Sqrt(d)).Store(p + i);
        }

        public void Apply(long i, float xi)
        {
            float vi = !update ? v[i] : first ? g[i] * g[i] : a * v[i] + b * g[i] * g[i];
            v[i] = vi;
            float d = eta + MathF.Sqrt(vi);
            p[i] += step * g[i] / d + noise * xi / MathF.Sqrt(d);
        }
    }

    /// <summary>SGLD in one pass: beta += -eps g + scale xi, xi drawn in place as in <see cref="Psgld"/>.</summary>
    /// <param name="parameter">beta, updated in place.</param>
    /// <param name="gradient">grad U.</param>
    /// <param name="keys">The keys of this parameter's noise for this step.</param>
    /// <param name="eps">The step size.</param>
    /// <param name="scale">The noise scale, sqrt(2 eps / tau).</param>
    public static void Sgld(Tensor parameter, Tensor gradient, NoiseKeys keys, double eps, double scale)
    {
        float* p = FusedTensors.Floats(parameter), g = FusedTensors.Floats(gradient);
        float fs = (float)-eps, fn = (float)scale;
        FusedTensors.For(parameter.numel(), (start, end) =>
        {
            var vstep = Vector256.Create(fs);
            var vnoise = Vector256.Create(fn);
            long i = start;
            for (; i + CounterGaussian.Block <= end; i += CounterGaussian.Block)
            {
                var (low, high) = CounterGaussian.Normals(keys, i / CounterGaussian.Block);
                (Vector256.Load(p + i) + vstep * Vector256.Load(g + i) + vnoise * low).Store(p + i);
                (Vector256.Load(p + i + 8) + vstep * Vector256.Load(g + i + 8) + vnoise * high).Store(p + i + 8);
            }
            CounterGaussian.Tail(keys, i, end, (j, xi) => p[j] += fs * g[j] + fn * xi);
        });
    }
}
