using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Authoring;

/// <summary>
/// What every fused float32 kernel needs: whether its operands qualify, raw pointers into them, and the split of
/// [0, n) into 16-aligned chunks, one per libtorch intra-op thread. The samplers' kernels (<see cref="FusedKernels"/>)
/// and the ssgl prior's are built on it; a kernel of your own is a loop over <see cref="For"/> reading
/// <see cref="Floats"/>, taken only when <see cref="Qualify"/> holds (otherwise the equivalent tensor operations).
/// </summary>
/// <remarks>
/// <see cref="TensorPathOnly"/> is the one switch between the fused and the tensor-operation path, for every fused
/// kernel of the framework: tests and benchmarks compare the two paths with it. It holds for the calling async flow
/// only, so a test that turns fused kernels off does not change the numbers of another test running in parallel.
/// </remarks>
public static unsafe class FusedTensors
{
    private const long MinChunk = 1 << 16;

    private static readonly AsyncLocal<bool> Suspended = new();

    /// <summary>
    /// True when fused kernels are on for this flow (see <see cref="TensorPathOnly"/>) and every tensor is a
    /// contiguous float32 CPU tensor of the first one's size, small enough for int indexing.
    /// </summary>
    public static bool Qualify(params Tensor[] tensors)
    {
        if (Suspended.Value || !Vector256.IsHardwareAccelerated) return false;
        long n = tensors[0].numel();
        foreach (var t in tensors)
        {
            if (t.dtype != ScalarType.Float32 || t.device_type != DeviceType.CPU || !t.is_contiguous() || t.numel() != n) return false;
        }
        return n < int.MaxValue / 4;
    }

    /// <summary>
    /// Until the returned scope is disposed, <see cref="Qualify"/> is false on the calling async flow (and the tasks it
    /// starts), so every caller takes its tensor-operation path. For tests and benchmarks that compare the paths.
    /// </summary>
    public static IDisposable TensorPathOnly()
    {
        bool before = Suspended.Value;
        Suspended.Value = true;
        return new Restore(before);
    }

    private sealed class Restore(bool before) : IDisposable
    {
        public void Dispose() => Suspended.Value = before;
    }

    /// <summary>The first float of a float32 tensor's storage (the tensor must be contiguous and on the CPU).</summary>
    public static float* Floats(Tensor t) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    /// <summary>The first byte of a CPU tensor's storage (a bool mask, say).</summary>
    public static byte* Bytes(Tensor t) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    /// <summary>One chunk per libtorch intra-op thread, but none smaller than 2^16 elements.</summary>
    public static int Chunks(long n) => (int)Math.Clamp(n / MinChunk, 1, Math.Max(1, get_num_threads()));

    /// <summary>
    /// Chunk <paramref name="c"/> of <paramref name="chunks"/>: boundaries on multiples of 16 (two Vector256 of floats,
    /// one block of <see cref="CounterGaussian"/>'s normals), the last chunk ending at n.
    /// </summary>
    public static (long Start, long End) Range(long n, int chunks, int c) =>
        (n * c / chunks & ~15L, c == chunks - 1 ? n : n * (c + 1) / chunks & ~15L);

    /// <summary>Runs <paramref name="body"/>(start, end) over [0, n) in one chunk per libtorch intra-op thread for large n.</summary>
    public static void For(long n, Action<long, long> body)
    {
        int chunks = Chunks(n);
        if (chunks == 1)
        {
            body(0, n);
            return;
        }
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = Range(n, chunks, c);
            body(start, end);
        });
    }
}
