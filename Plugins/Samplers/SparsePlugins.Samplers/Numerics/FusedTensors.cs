using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Fused;

/// <summary>
/// What every fused float32 kernel needs: whether its operands qualify, raw pointers into them, and the split of
/// [0, n) into 16-aligned chunks, one per libtorch intra-op thread. The sampler and prior plugins are separate
/// assemblies and Abstractions stays free of unsafe code, so this file is compiled into both (the priors project
/// links it).
/// </summary>
internal static unsafe class FusedTensors
{
    private const long MinChunk = 1 << 16;

    /// <summary>True when every tensor is a contiguous float32 CPU tensor of the first one's size, small enough for int indexing.</summary>
    public static bool Qualify(Tensor[] tensors)
    {
        if (!Vector256.IsHardwareAccelerated) return false;
        long n = tensors[0].numel();
        foreach (var t in tensors)
        {
            if (t.dtype != ScalarType.Float32 || t.device_type != DeviceType.CPU || !t.is_contiguous() || t.numel() != n) return false;
        }
        return n < int.MaxValue / 4;
    }

    public static float* Floats(Tensor t) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    public static byte* Bytes(Tensor t) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    /// <summary>One chunk per libtorch intra-op thread, but none smaller than 2^16 elements.</summary>
    public static int Chunks(long n) => (int)Math.Clamp(n / MinChunk, 1, Math.Max(1, get_num_threads()));

    /// <summary>
    /// Chunk <paramref name="c"/> of <paramref name="chunks"/>: boundaries on multiples of 16 (two Vector256 of floats,
    /// one block of the samplers' counter-based normals), the last chunk ending at n.
    /// </summary>
    public static (long Start, long End) Range(long n, int chunks, int c) =>
        (n * c / chunks & ~15L, c == chunks - 1 ? n : n * (c + 1) / chunks & ~15L);
}
