using System.Numerics;
using System.Runtime.Intrinsics;
using SparsePlugins.Authoring;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Priors;

/// <summary>
/// Single-pass float32 kernels for the spike-and-slab prior over contiguous CPU tensors: the gradient and the whole
/// latent update (inclusion, kappas, the sigma sums and sum rho) read each buffer once instead of once per tensor
/// operation. <see cref="SparseLayer"/> falls back to in-place tensor operations when a tensor does not qualify
/// (<see cref="FusedTensors.Qualify"/>, which also holds the one switch between the paths).
/// </summary>
public static unsafe class FusedSsgl
{
    /// <summary>Histogram bins of the radix select: the top 16 of the 31 magnitude bits. int counters (a layer has
    /// fewer than 2^31 weights, see FusedTensors.Qualify) keep each per-chunk histogram within L2.</summary>
    private const int Bins = 1 << 16;

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
    /// <param name="candidateBound">When not 0, the pass also lists the unpruned weights whose magnitude key is at most
    /// this bound: the pruning candidates <see cref="Prune"/> selects from without a pass of its own.</param>
    /// <returns>
    /// sum kappa0 |b| and sum kappa1 b^2 with the old kappas, sum rho with the new one, and the candidates (null unless
    /// a bound was given).
    /// </returns>
    internal static (double L1, double L2, double SumRho, PruneCandidates? Candidates) UpdateLatents(Tensor weight, Tensor rho,
        Tensor kappa0, Tensor kappa1, Tensor? pruned, double spikeRate, double slabRate, double logOdds, double omega,
        double v0, double v1, uint candidateBound)
    {
        float* b = FusedTensors.Floats(weight), r = FusedTensors.Floats(rho), k0 = FusedTensors.Floats(kappa0), k1 = FusedTensors.Floats(kappa1);
        byte* mask = pruned is null ? null : FusedTensors.Bytes(pruned);
        float fSpike = (float)spikeRate, fSlab = (float)-slabRate, fOdds = (float)logOdds;
        float keep = (float)(1 - omega), w = (float)omega, w0 = (float)(omega / v0), w1 = (float)(omega / v1);
        long n = weight.numel();
        int chunks = FusedTensors.Chunks(n);
        var partial = new (double L1, double L2, double Sum)[chunks];
        var lists = candidateBound == 0 ? null : new List<(uint Key, long Index)>[chunks];
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = FusedTensors.Range(n, chunks, c);
            var list = lists is null ? null : lists[c] = [];
            var vBound = Vector256.Create(candidateBound);
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
                    if (list is not null) Collect(list, bi, anyPruned ? PrunedLanes(mask, i) : Vector256<uint>.Zero, i, vBound);
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
                if (list is not null && !isPruned && Key(b, mask, i) is var key && key <= candidateBound) list.Add((key, i));
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
        var candidates = lists is null ? null : new PruneCandidates(lists.SelectMany(l => l).ToArray());
        return (partial.Sum(p => p.L1), partial.Sum(p => p.L2), partial.Sum(p => p.Sum), candidates);
    }

    /// <summary>
    /// Lists those of 8 re-zeroed weights whose magnitude key is at most the bound and which are not pruned. Near the
    /// threshold few are, so this is a compare and an empty bit mask almost every time.
    /// </summary>
    private static void Collect(List<(uint Key, long Index)> list, Vector256<float> weights, Vector256<uint> pruned, long i,
        Vector256<uint> bound)
    {
        var keys = weights.AsUInt32() & Vector256.Create(0x7FFF_FFFFu);
        uint lanes = Vector256.ExtractMostSignificantBits(Vector256.AndNot(Vector256.LessThanOrEqual(keys, bound), pruned));
        while (lanes != 0)
        {
            int lane = BitOperations.TrailingZeroCount(lanes);
            list.Add((keys.GetElement(lane), i + lane));
            lanes &= lanes - 1;
        }
    }

    /// <summary>
    /// Prunes the <paramref name="count"/> smallest |b| (already pruned weights count as 0); ties at the threshold are all
    /// pruned, as in the tensor path. Non-negative floats order like their bit patterns, so the select works on keys.
    /// When the latent pass just listed at least the missing number of unpruned weights below a bound (the
    /// <paramref name="candidates"/>), every weight to prune is among them and the threshold is their
    /// (count - prunedCount)-th smallest key: no pass over the layer. Otherwise an exact radix select: a histogram of
    /// the top 16 key bits, then one pass that prunes (mask, weight, rho) everything below the located bin and
    /// collects the bin, whose members are selected from.
    /// </summary>
    /// <returns>The number of pruned weights, the sum of the rho values this call zeroed, and the threshold key.</returns>
    internal static (long Count, double RemovedRho, uint Threshold) Prune(Tensor weight, Tensor rho, Tensor pruned, long count,
        long prunedCount, PruneCandidates? candidates)
    {
        float* b = FusedTensors.Floats(weight), r = FusedTensors.Floats(rho);
        byte* mask = FusedTensors.Bytes(pruned);
        long need = count - prunedCount;
        if (candidates is { } listed && need > 0 && listed.Items.Length >= need)
        {
            var (pruneCount, removedRho, key) = PruneAmong(b, r, mask, listed.Items, need);
            return (prunedCount + pruneCount, removedRho, key);
        }
        long n = weight.numel();
        int chunks = FusedTensors.Chunks(n);
        var (bin, rank) = Locate(Histogram(b, mask, n, chunks), count);

        // Prune everything in lower bins and collect the chosen bin's members (a 2^-8 relative slice of
        // magnitudes, typically well under 1% of the layer), whose rank-th smallest key is the exact threshold.
        var parts = new PrunePart[chunks];
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = FusedTensors.Range(n, chunks, c);
            parts[c] = PruneBelow(b, r, mask, start, end, (uint)bin);
        });
        var (added, removed, threshold) = PruneAmong(b, r, mask, parts.SelectMany(p => p.Members).ToArray(), rank);
        return (parts.Sum(p => p.Count) + added, parts.Sum(p => p.RemovedRho) + removed, threshold);
    }

    /// <summary>Prunes the <paramref name="rank"/> smallest keys of <paramref name="members"/> and any ties.</summary>
    private static (long Count, double RemovedRho, uint Threshold) PruneAmong(float* b, float* r, byte* mask,
        (uint Key, long Index)[] members, long rank)
    {
        if (members.Length == 0) return (0, 0, 0);
        var keys = members.Select(m => m.Key).ToArray();
        uint threshold = Selection.Smallest(keys, (int)Math.Clamp(rank, 1, keys.Length));
        long count = 0;
        double removed = 0;
        foreach (var (key, i) in members)
        {
            if (key > threshold) continue;
            removed += r[i];
            mask[i] = 1;
            b[i] = 0;
            r[i] = 0;
            count++;
        }
        return (count, removed, threshold);
    }

    private sealed record PrunePart(long Count, double RemovedRho, List<(uint Key, long Index)> Members);

    /// <summary>
    /// Over [start, end): prunes every weight whose key's top 16 bits are below <paramref name="bin"/> and lists
    /// those in <paramref name="bin"/>. Eight at a time: the keys, masks and zeroing are vector operations.
    /// </summary>
    private static PrunePart PruneBelow(float* b, float* r, byte* mask, long start, long end, uint bin)
    {
        var members = new List<(uint Key, long Index)>();
        long count = 0;
        double removed = 0;
        var vBin = Vector256.Create(bin);
        long i = start;
        for (; i + 8 <= end; i += 8)
        {
            var keys = Keys(b, mask, i);
            var top = keys >>> 15;
            var below = Vector256.LessThan(top, vBin);
            uint lanes = Vector256.ExtractMostSignificantBits(below);
            if (lanes != 0)
            {
                var ri = Vector256.Load(r + i);
                removed += Vector256.Sum(ri & below.AsSingle());
                Vector256.AndNot(ri, below.AsSingle()).Store(r + i);
                Vector256.AndNot(Vector256.Load(b + i), below.AsSingle()).Store(b + i);
                *(ulong*)(mask + i) |= ByteLanes[lanes];
                count += BitOperations.PopCount(lanes);
            }
            uint equal = Vector256.ExtractMostSignificantBits(Vector256.Equals(top, vBin));
            while (equal != 0)
            {
                int lane = BitOperations.TrailingZeroCount(equal);
                members.Add((keys.GetElement(lane), i + lane));
                equal &= equal - 1;
            }
        }
        for (; i < end; i++)
        {
            uint key = Key(b, mask, i);
            if (key >> 15 < bin)
            {
                removed += r[i];
                mask[i] = 1;
                b[i] = 0;
                r[i] = 0;
                count++;
            }
            else if (key >> 15 == bin)
            {
                members.Add((key, i));
            }
        }
        return new PrunePart(count, removed, members);
    }

    /// <summary>
    /// Zeroes the pruned weights, writing only the groups of 8 where one of them is not zero yet: right after the
    /// fused latent update and pruning (the host's order) that is none, so the pass only reads mask and weights.
    /// </summary>
    internal static void Constrain(Tensor weight, Tensor pruned)
    {
        float* b = FusedTensors.Floats(weight);
        byte* mask = FusedTensors.Bytes(pruned);
        long n = weight.numel();
        int chunks = FusedTensors.Chunks(n);
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = FusedTensors.Range(n, chunks, c);
            long i = start;
            for (; i + 8 <= end; i += 8)
            {
                var bi = Vector256.Load(b + i);
                var stray = bi & PrunedLanes(mask, i).AsSingle();
                if (!Vector256.EqualsAll(stray, Vector256<float>.Zero)) Vector256.AndNot(bi, PrunedLanes(mask, i).AsSingle()).Store(b + i);
            }
            for (; i < end; i++)
            {
                if (mask[i] != 0) b[i] = 0;
            }
        });
    }

    /// <summary>All ones in the lanes of weights i .. i + 7 that are pruned.</summary>
    private static Vector256<uint> PrunedLanes(byte* mask, long i)
    {
        var bytes = Vector128.CreateScalar(*(ulong*)(mask + i)).AsByte();
        var words = Vector128.WidenLower(bytes);
        var flags = Vector256.Create(Vector128.WidenLower(words), Vector128.WidenUpper(words));
        return ~Vector256.Equals(flags, Vector256<uint>.Zero);
    }

    /// <summary>Magnitude keys of weights i .. i + 7, 0 where pruned (see <see cref="Key"/>).</summary>
    private static Vector256<uint> Keys(float* b, byte* mask, long i) =>
        Vector256.AndNot(Vector256.Load((uint*)(b + i)) & Vector256.Create(0x7FFF_FFFFu), PrunedLanes(mask, i));

    /// <summary>Byte k is 1 where bit k of the index is set: 8 lane flags as 8 mask bytes.</summary>
    private static readonly ulong[] ByteLanes = Enumerable.Range(0, 256)
        .Select(bits => Enumerable.Range(0, 8).Aggregate(0UL, (sum, k) => sum | ((ulong)((bits >> k) & 1) << (8 * k))))
        .ToArray();

    /// <summary>Magnitude bits of weight i, 0 when it is pruned.</summary>
    private static uint Key(float* b, byte* mask, long i) =>
        mask[i] != 0 ? 0u : BitConverter.SingleToUInt32Bits(b[i]) & 0x7FFF_FFFFu;

    /// <summary>Histogram of key >> 15 (the top 16 magnitude bits).</summary>
    private static long[] Histogram(float* b, byte* mask, long n, int chunks)
    {
        var partial = new int[chunks][];
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = FusedTensors.Range(n, chunks, c);
            var h = new int[Bins];
            for (long i = start; i < end; i++) h[Key(b, mask, i) >> 15]++;
            partial[c] = h;
        });
        return Merge(partial);
    }

    /// <summary>The sum of the per-chunk histograms.</summary>
    private static long[] Merge(int[][] partial)
    {
        var total = new long[Bins];
        foreach (var h in partial)
        {
            for (int j = 0; j < Bins; j++) total[j] += h[j];
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
