using SparsePlugins.Abstractions;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Authoring;

/// <summary>The two 64-bit keys of one counter-based noise stream (one parameter, one step).</summary>
/// <param name="First">The SplitMix64 state the stream's counters are added to.</param>
/// <param name="Second">The key that re-keys the first mix.</param>
public readonly record struct NoiseKeys(ulong First, ulong Second);

/// <summary>
/// Counter-based standard normals: element i of a stream is a pure function of (keys, i), so a fused kernel draws
/// its noise where it uses it (never materialised), any thread split gives the same numbers, and the only state is
/// the chain's torch generator, which supplies one 64-bit seed per stream (hence checkpoint/resume stays bitwise).
/// </summary>
/// <remarks>
/// <para>Bits: hash(c) = mix(mix(k1 + c gamma) xor k2) with mix the SplitMix64 finaliser (a bijection with full
/// avalanche) and gamma its Weyl increment, i.e. the SplitMix64 stream from state k1, re-keyed by k2. Two streams'
/// Weyl sequences overlap (a shift of the same inputs) with probability ~ 2^-42 per pair of 7 M-element streams; the
/// second, independently keyed mix makes even those outputs unrelated.</para>
/// <para>Normals: exact Box-Muller, z0 = r cos theta, z1 = r sin theta with r = sqrt(-2 log u1), theta uniform on
/// the circle. u1 = (k + 1/2) 2^-32 from 32 bits, so the radius (and the tails) reach 6.7 sd (libtorch's float
/// normal_ uses 24-bit uniforms: 5.8 sd); theta takes its quadrant from 2 bits and its offset within the
/// quadrant from 24 more, and cos/sin of the offset (|x| &lt;= pi/4) are Cephes' minimax polynomials (error
/// below 1e-7 absolute, FusedKernelTests). Log is .NET's vectorised Vector256.Log (within 2 ulp).</para>
/// <para>Layout: block b holds elements 16 b .. 16 b + 15; its pair l (0..7) puts z0 at 16 b + l and z1 at
/// 16 b + 8 + l, its radius from 32 bits of hash(8 b + l / 2) and its angle from hash(8 b + 4 + l / 2).</para>
/// </remarks>
public static unsafe class CounterGaussian
{
    /// <summary>Elements per block: one Box-Muller pair per float lane of two Vector256.</summary>
    public const int Block = 16;

    private const ulong Gamma = 0x9E37_79B9_7F4A_7C15UL;

    /// <summary>True for the tensors this generator fills: contiguous float32 or float64 on the CPU.</summary>
    public static bool Supports(Tensor t) =>
        t.device_type == DeviceType.CPU && t.is_contiguous() && t.dtype is ScalarType.Float32 or ScalarType.Float64
        && Vector256.IsHardwareAccelerated;

    /// <summary>One 64-bit seed from the chain's generator, expanded into two keys by SplitMix64.</summary>
    public static NoiseKeys DrawKeys(Generator generator)
    {
        using var draw = randint(long.MinValue, long.MaxValue, [1], ScalarType.Int64, generator.device, generator: generator);
        // SplitMix64 arithmetic is modulo 2^64 (the project compiles checked).
        unchecked
        {
            ulong seed = (ulong)draw.ReadInt64();
            return new NoiseKeys(Mix(seed + Gamma), Mix(seed + 2 * Gamma));
        }
    }

    /// <summary>The 16 normals of block <paramref name="block"/>: elements 16 b .. 16 b + 7, then 16 b + 8 .. 16 b + 15.</summary>
    public static (Vector256<float> Low, Vector256<float> High) Normals(NoiseKeys keys, long block)
    {
        var counters = Vector256.Create((ulong)block * 8) + Vector256.Create(0UL, 1, 2, 3);
        var radiusBits = Hash(keys, counters).AsUInt32();
        var angleBits = Hash(keys, counters + Vector256.Create(4UL)).AsUInt32();
        var u1 = (Vector256.ConvertToSingle(radiusBits) + Vector256.Create(0.5f)) * Vector256.Create(1f / 4294967296f);
        var radius = Vector256.Sqrt(Vector256.Create(-2f) * Vector256.Log(u1));
        var (cos, sin) = UnitCircle(angleBits);
        return (radius * cos, radius * sin);
    }

    /// <summary>Fills a tensor <see cref="Supports"/> accepts with the stream's standard normals.</summary>
    public static void Fill(Tensor t, NoiseKeys keys)
    {
        long n = t.numel();
        if (t.dtype == ScalarType.Float32)
        {
            float* f = FusedTensors.Floats(t);
            ForBlocks(n, keys, (i, low, high) =>
            {
                low.Store(f + i);
                high.Store(f + i + 8);
            }, (i, z) => f[i] = z);
            return;
        }
        double* d = (double*)FusedTensors.Bytes(t);
        ForBlocks(n, keys, (i, low, high) =>
        {
            for (int l = 0; l < 8; l++)
            {
                d[i + l] = low[l];
                d[i + 8 + l] = high[l];
            }
        }, (i, z) => d[i] = z);
    }

    /// <summary>Runs the vector body on every whole block of [0, n) and the scalar body on the final partial one.</summary>
    private static void ForBlocks(long n, NoiseKeys keys, Action<long, Vector256<float>, Vector256<float>> whole, Action<long, float> tail)
    {
        FusedTensors.For(n, (start, end) =>
        {
            long i = start;
            for (; i + Block <= end; i += Block)
            {
                var (low, high) = Normals(keys, i / Block);
                whole(i, low, high);
            }
            Tail(keys, i, end, tail);
        });
    }

    /// <summary>Elements [start, end) of the block at <paramref name="start"/> (a partial block: the tensor's end).</summary>
    public static void Tail(NoiseKeys keys, long start, long end, Action<long, float> body)
    {
        if (start >= end) return;
        var (low, high) = Normals(keys, start / Block);
        for (long i = start; i < end; i++)
        {
            int lane = (int)(i - start);
            body(i, lane < 8 ? low[lane] : high[lane - 8]);
        }
    }

    private static Vector256<ulong> Hash(NoiseKeys keys, Vector256<ulong> counters) =>
        Mix(Mix(Vector256.Create(keys.First) + counters * Vector256.Create(Gamma)) ^ Vector256.Create(keys.Second));

    /// <summary>The SplitMix64 finaliser.</summary>
    private static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z = (z ^ (z >>> 30)) * Vector256.Create(0xBF58_476D_1CE4_E5B9UL);
        z = (z ^ (z >>> 27)) * Vector256.Create(0x94D0_49BB_1331_11EBUL);
        return z ^ (z >>> 31);
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>
    /// (cos theta, sin theta) for theta = q pi / 2 + x, q the top 2 bits, x = (f - 1/2) pi / 2 with f the next 24
    /// bits / 2^24: uniform on the circle. The quarter turn q maps (cos x, sin x) to (c, s), (-s, c), (-c, -s), (s, -c).
    /// </summary>
    private static (Vector256<float> Cos, Vector256<float> Sin) UnitCircle(Vector256<uint> bits)
    {
        var x = (Vector256.ConvertToSingle((bits << 2) >>> 8) * Vector256.Create(1f / 16777216f) - Vector256.Create(0.5f))
                * Vector256.Create(MathF.PI / 2);
        var (cos, sin) = QuarterSinCos(x);
        var quarter = (bits >>> 30).AsInt32();
        var odd = Vector256.Equals(quarter & Vector256<int>.One, Vector256<int>.One).AsSingle();
        var negateCos = (Vector256.Equals(quarter, Vector256<int>.One) | Vector256.Equals(quarter, Vector256.Create(2))).AsSingle();
        var negateSin = Vector256.GreaterThan(quarter, Vector256<int>.One).AsSingle();
        var signBit = Vector256.Create(-0f);
        return (Vector256.ConditionalSelect(odd, sin, cos) ^ (negateCos & signBit),
                Vector256.ConditionalSelect(odd, cos, sin) ^ (negateSin & signBit));
    }

    /// <summary>cos x and sin x for |x| &lt;= pi / 4 (Cephes cosf/sinf minimax polynomials).</summary>
    public static (Vector256<float> Cos, Vector256<float> Sin) QuarterSinCos(Vector256<float> x)
    {
        var z = x * x;
        var sin = ((Vector256.Create(-1.9515295891e-4f) * z + Vector256.Create(8.3321608736e-3f)) * z
                   - Vector256.Create(1.6666654611e-1f)) * z * x + x;
        var cos = ((Vector256.Create(2.443315711809948e-5f) * z - Vector256.Create(1.388731625493765e-3f)) * z
                   + Vector256.Create(4.166664568298827e-2f)) * z * z - Vector256.Create(0.5f) * z + Vector256<float>.One;
        return (cos, sin);
    }
}
