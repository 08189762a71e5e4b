using System.Runtime.Intrinsics;
using SparsePlugins.Fused;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers.Numerics;

/// <summary>
/// Single-pass float32 kernels over contiguous CPU tensors: one read and one write of each buffer instead of one per
/// tensor operation. Used when every operand qualifies (<see cref="Applies"/>); otherwise callers take the
/// equivalent sequence of in-place tensor operations, which the float64 tests exercise.
/// </summary>
public static unsafe class FusedKernels
{
    /// <summary>Switch for tests and benchmarks that compare against the tensor-operation path.</summary>
    public static bool Enabled { get; set; } = true;

    internal static bool Applies(params Tensor[] tensors) => Enabled && FusedTensors.Qualify(tensors);

    /// <summary>Runs <paramref name="body"/>(start, end) over [0, n) in one chunk per libtorch intra-op thread for large n.</summary>
    internal static void For(long n, Action<long, long> body)
    {
        int chunks = FusedTensors.Chunks(n);
        if (chunks == 1)
        {
            body(0, n);
            return;
        }
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = FusedTensors.Range(n, chunks, c);
            body(start, end);
        });
    }

    /// <summary>
    /// pSGLD in one pass: V = a V + (1 - a) g^2 (V = g^2 when <paramref name="first"/>), D = eta + sqrt V,
    /// beta += -eps g / D + scale xi / sqrt D.
    /// </summary>
    internal static void Psgld(Tensor parameter, Tensor gradient, Tensor v, Tensor noise,
        double alpha, bool first, double eta, double eps, double scale)
    {
        float* p = FusedTensors.Floats(parameter), g = FusedTensors.Floats(gradient), vp = FusedTensors.Floats(v), xi = FusedTensors.Floats(noise);
        float a = first ? 0f : (float)alpha, b = first ? 1f : (float)(1 - alpha);
        float fe = (float)eta, fs = (float)-eps, fn = (float)scale;
        For(parameter.numel(), (start, end) =>
        {
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            var veta = Vector256.Create(fe);
            var vstep = Vector256.Create(fs);
            var vnoise = Vector256.Create(fn);
            long i = start;
            for (; i + 8 <= end; i += 8)
            {
                var gi = Vector256.Load(g + i);
                // On the first step V is not read at all: 0 * (whatever the fresh buffer holds) is NaN for NaN bits.
                var vi = first ? gi * gi : va * Vector256.Load(vp + i) + vb * gi * gi;
                vi.Store(vp + i);
                var d = veta + Vector256.Sqrt(vi);
                var pi = Vector256.Load(p + i) + vstep * gi / d + vnoise * Vector256.Load(xi + i) / Vector256.Sqrt(d);
                pi.Store(p + i);
            }
            for (; i < end; i++)
            {
                float vi = first ? g[i] * g[i] : a * vp[i] + b * g[i] * g[i];
                vp[i] = vi;
                float d = fe + MathF.Sqrt(vi);
                p[i] += fs * g[i] / d + fn * xi[i] / MathF.Sqrt(d);
            }
        });
    }
}
