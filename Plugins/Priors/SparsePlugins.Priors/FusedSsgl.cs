using System.Runtime.Intrinsics;
using SparsePlugins.Fused;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Priors;

/// <summary>
/// Single-pass float32 kernels for the spike-and-slab prior over contiguous CPU tensors: the gradient and the whole
/// latent update (inclusion, kappas, the sigma sums and sum rho) read each buffer once instead of once per tensor
/// operation. <see cref="SparseLayer"/> falls back to in-place tensor operations when a tensor does not qualify.
/// </summary>
public static unsafe class FusedSsgl
{
    /// <summary>Switch for tests and benchmarks that compare against the tensor-operation path.</summary>
    public static bool Enabled { get; set; } = true;

    internal static bool Applies(params Tensor[] tensors) => Enabled && FusedTensors.Qualify(tensors);

    /// <summary>grad += kappa1 b / sigma^2 + kappa0 sign(b) / sigma.</summary>
    internal static void AddGradient(Tensor grad, Tensor weight, Tensor kappa0, Tensor kappa1, double sigma)
    {
        float* g = FusedTensors.Floats(grad), b = FusedTensors.Floats(weight), k0 = FusedTensors.Floats(kappa0), k1 = FusedTensors.Floats(kappa1);
        float slab = (float)(1 / (sigma * sigma)), spike = (float)(1 / sigma);
        long n = grad.numel();
        int chunks = FusedTensors.Chunks(n);
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = FusedTensors.Range(n, chunks, c);
            var vslab = Vector256.Create(slab);
            var vspike = Vector256.Create(spike);
            var one = Vector256<float>.One;
            long i = start;
            for (; i + 8 <= end; i += 8)
            {
                var bi = Vector256.Load(b + i);
                var sign = (Vector256.GreaterThan(bi, Vector256<float>.Zero) & one) - (Vector256.LessThan(bi, Vector256<float>.Zero) & one);
                (Vector256.Load(g + i) + vslab * Vector256.Load(k1 + i) * bi + vspike * Vector256.Load(k0 + i) * sign).Store(g + i);
            }
            for (; i < end; i++)
            {
                g[i] += slab * k1[i] * b[i] + spike * k0[i] * MathF.Sign(b[i]);
            }
        });
    }

    /// <summary>
    /// Zeroes pruned weights, then rho = (1 - w) rho + w sigmoid(|b| spikeRate - b^2 slabRate + logOdds) (0 where pruned), then
    /// kappa0 = (1 - w) kappa0 + w (1 - rho) / v0 and kappa1 = (1 - w) kappa1 + w rho / v1.
    /// </summary>
    /// <returns>sum kappa0 |b| and sum kappa1 b^2 with the old kappas, and sum rho with the new one.</returns>
    internal static (double L1, double L2, double SumRho) UpdateLatents(Tensor weight, Tensor rho, Tensor kappa0, Tensor kappa1,
        Tensor? pruned, double spikeRate, double slabRate, double logOdds, double omega, double v0, double v1)
    {
        float* b = FusedTensors.Floats(weight), r = FusedTensors.Floats(rho), k0 = FusedTensors.Floats(kappa0), k1 = FusedTensors.Floats(kappa1);
        byte* mask = pruned is null ? null : FusedTensors.Bytes(pruned);
        float fSpike = (float)spikeRate, fSlab = (float)-slabRate, fOdds = (float)logOdds;
        float keep = (float)(1 - omega), w = (float)omega, w0 = (float)(omega / v0), w1 = (float)(omega / v1);
        long n = weight.numel();
        int chunks = FusedTensors.Chunks(n);
        var partial = new (double L1, double L2, double Sum)[chunks];
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = FusedTensors.Range(n, chunks, c);
            var vSpike = Vector256.Create(fSpike);
            var vSlab = Vector256.Create(fSlab);
            var vOdds = Vector256.Create(fOdds);
            var vKeep = Vector256.Create(keep);
            var vW = Vector256.Create(w);
            var vW0 = Vector256.Create(w0);
            var vW1 = Vector256.Create(w1);
            var one = Vector256<float>.One;
            double l1 = 0, l2 = 0, sum = 0;
            long i = start;
            while (i + 8 <= end)
            {
                // Accumulate in float over blocks of 1024 elements, then in double.
                var a1 = Vector256<float>.Zero;
                var a2 = Vector256<float>.Zero;
                var aSum = Vector256<float>.Zero;
                long blockEnd = Math.Min(end, i + 1024);
                for (; i + 8 <= blockEnd; i += 8)
                {
                    var bi = Vector256.Load(b + i);
                    var keepMask = one;
                    bool anyPruned = mask is not null && *(ulong*)(mask + i) != 0;
                    if (anyPruned)
                    {
                        // Pruned weights are re-zeroed here (the sampler step moved them) and get rho = 0.
                        keepMask = Vector256.Create(
                            mask[i] == 0 ? 1f : 0f, mask[i + 1] == 0 ? 1f : 0f, mask[i + 2] == 0 ? 1f : 0f, mask[i + 3] == 0 ? 1f : 0f,
                            mask[i + 4] == 0 ? 1f : 0f, mask[i + 5] == 0 ? 1f : 0f, mask[i + 6] == 0 ? 1f : 0f, mask[i + 7] == 0 ? 1f : 0f);
                        bi *= keepMask;
                        bi.Store(b + i);
                    }
                    var abs = Vector256.Abs(bi);
                    var square = bi * bi;
                    var k0i = Vector256.Load(k0 + i);
                    var k1i = Vector256.Load(k1 + i);
                    a1 += k0i * abs;
                    a2 += k1i * square;
                    var t = vSpike * abs + vSlab * square + vOdds;
                    var target = one / (one + Vector256.Exp(-t));
                    var ri = vKeep * Vector256.Load(r + i) + vW * target;
                    if (anyPruned) ri *= keepMask;
                    ri.Store(r + i);
                    aSum += ri;
                    (vKeep * k0i + vW0 - vW0 * ri).Store(k0 + i);
                    (vKeep * k1i + vW1 * ri).Store(k1 + i);
                }
                l1 += Vector256.Sum(a1);
                l2 += Vector256.Sum(a2);
                sum += Vector256.Sum(aSum);
            }
            for (; i < end; i++)
            {
                bool isPruned = mask is not null && mask[i] != 0;
                if (isPruned) b[i] = 0;
                float bi = b[i], abs = MathF.Abs(bi);
                l1 += k0[i] * abs;
                l2 += k1[i] * bi * bi;
                float target = 1f / (1f + MathF.Exp(-(fSpike * abs + fSlab * bi * bi + fOdds)));
                float ri = isPruned ? 0f : keep * r[i] + w * target;
                r[i] = ri;
                sum += ri;
                k0[i] = keep * k0[i] + w0 - w0 * ri;
                k1[i] = keep * k1[i] + w1 * ri;
            }
            partial[c] = (l1, l2, sum);
        });
        return (partial.Sum(p => p.L1), partial.Sum(p => p.L2), partial.Sum(p => p.Sum));
    }

    /// <summary>
    /// Prunes the <paramref name="count"/> smallest |b| (already pruned weights count as 0) by an exact radix select on
    /// the magnitude's bits (non-negative floats order like their bit patterns): a histogram pass, then one pass that
    /// prunes (mask, weight, rho) everything below the located bin and collects the bin, whose members are sorted.
    /// Ties at the threshold are all pruned, as in the tensor path.
    /// </summary>
    /// <returns>The number of pruned weights.</returns>
    internal static long Prune(Tensor weight, Tensor rho, Tensor pruned, long count)
    {
        float* b = FusedTensors.Floats(weight), r = FusedTensors.Floats(rho);
        byte* mask = FusedTensors.Bytes(pruned);
        long n = weight.numel();
        int chunks = FusedTensors.Chunks(n);

        // Pass 1: histogram of the top 16 of the 31 magnitude bits locates the bin of the count-th smallest.
        var high = Histogram(b, mask, n, chunks);
        var (bin, rank) = Locate(high, count);

        // Pass 2: prune everything in lower bins and collect the chosen bin's members (a 2^-8 relative slice of
        // magnitudes, typically well under 1% of the layer), whose rank-th smallest key is the exact threshold.
        var members = new List<(uint Key, long Index)>[chunks];
        var counts = new long[chunks];
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = FusedTensors.Range(n, chunks, c);
            var list = new List<(uint Key, long Index)>();
            long local = 0;
            for (long i = start; i < end; i++)
            {
                uint key = Key(b, mask, i);
                uint top = key >> 15;
                if (top < (uint)bin)
                {
                    mask[i] = 1;
                    b[i] = 0;
                    r[i] = 0;
                    local++;
                }
                else if (top == (uint)bin)
                {
                    list.Add((key, i));
                }
            }
            members[c] = list;
            counts[c] = local;
        });
        var candidates = members.SelectMany(l => l).ToArray();
        var keys = candidates.Select(m => m.Key).ToArray();
        Array.Sort(keys);
        uint threshold = keys[(int)Math.Clamp(rank - 1, 0, keys.Length - 1)];
        long total = counts.Sum();
        foreach (var (key, i) in candidates)
        {
            if (key > threshold) continue;
            mask[i] = 1;
            b[i] = 0;
            r[i] = 0;
            total++;
        }
        return total;
    }

    /// <summary>Magnitude bits of weight i, 0 when it is pruned.</summary>
    private static uint Key(float* b, byte* mask, long i) =>
        mask[i] != 0 ? 0u : BitConverter.SingleToUInt32Bits(b[i]) & 0x7FFF_FFFFu;

    /// <summary>Histogram of key >> 15 (the top 16 magnitude bits).</summary>
    private static long[] Histogram(float* b, byte* mask, long n, int chunks)
    {
        // int counters (a layer has fewer than 2^31 weights, see Applies) keep each histogram within L2.
        const int bins = 1 << 16;
        var partial = new int[chunks][];
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = FusedTensors.Range(n, chunks, c);
            var h = new int[bins];
            for (long i = start; i < end; i++) h[Key(b, mask, i) >> 15]++;
            partial[c] = h;
        });
        var total = new long[bins];
        for (int c = 0; c < chunks; c++)
        {
            for (int j = 0; j < bins; j++) total[j] += partial[c][j];
        }
        return total;
    }

    /// <summary>The bin holding the <paramref name="k"/>-th smallest item (1-based) and its rank inside the bin.</summary>
    private static (int Bin, long Rank) Locate(long[] histogram, long k)
    {
        long seen = 0;
        for (int j = 0; j < histogram.Length; j++)
        {
            if (seen + histogram[j] >= k) return (j, k - seen);
            seen += histogram[j];
        }
        return (histogram.Length - 1, k - seen);
    }
}
