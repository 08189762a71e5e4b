using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparsePlugins.Darcy;

/// <summary>
/// In-place Cholesky factorisation L L^T of a symmetric positive definite band matrix, stored by rows of its lower
/// band so that both the factorisation and the forward solve are contiguous dot products and the backward solve is
/// contiguous axpys; all three vectorise. The band fills in completely, so the cost is n b^2 flops to factor and
/// 4 n b to solve, which for the 5-point matrix of an N x N grid (n = N^2, b = N) beats a general sparse factor
/// at the sizes used here and needs no ordering or symbolic phase.
/// </summary>
internal sealed class BandCholesky
{
    private readonly int _n;
    private readonly int _b;
    private readonly int _w;
    private readonly double[] _band;
    private readonly double[] _inverseDiagonal;

    public BandCholesky(int n, int halfBandwidth)
    {
        _n = n;
        _b = halfBandwidth;
        _w = halfBandwidth + 1;
        _band = new double[(long)n * _w > int.MaxValue
            ? throw new ArgumentOutOfRangeException(nameof(n), "Band too large.")
            : n * _w];
        _inverseDiagonal = new double[n];
    }

    public int Size => _n;

    /// <summary>Zeroes the matrix before a new one is written with <see cref="Set"/>.</summary>
    public void Clear() => Array.Clear(_band);

    /// <summary>Sets A[row, column] for column in [row - b, row]; the upper triangle is implied by symmetry.</summary>
    public void Set(int row, int column, double value) => _band[row * _w + column - row + _b] = value;

    public void Add(int row, int column, double value) => _band[row * _w + column - row + _b] += value;

    public void Factor()
    {
        var band = _band;
        for (var r = 0; r < _n; r++)
        {
            var start = Math.Max(0, r - _b);
            var rowOffset = r * _w - r + _b;
            var c = start;

            // Four entries at a time: their dot products share the prefix of row r up to the first of them, so one
            // pass over it serves all four; the few products inside the group follow in order.
            for (; c + 3 < r; c += 4)
            {
                var (s0, s1, s2, s3) = Dot4(band, rowOffset + start, c * _w - c + _b + start, _w - 1, c - start);
                var o0 = c * _w - c + _b;
                var o1 = o0 + _w - 1;
                var o2 = o1 + _w - 1;
                var o3 = o2 + _w - 1;
                var l0 = (band[rowOffset + c] - s0) * _inverseDiagonal[c];
                band[rowOffset + c] = l0;
                var l1 = (band[rowOffset + c + 1] - s1 - l0 * band[o1 + c]) * _inverseDiagonal[c + 1];
                band[rowOffset + c + 1] = l1;
                var l2 = (band[rowOffset + c + 2] - s2 - l0 * band[o2 + c] - l1 * band[o2 + c + 1]) * _inverseDiagonal[c + 2];
                band[rowOffset + c + 2] = l2;
                band[rowOffset + c + 3] = (band[rowOffset + c + 3] - s3 - l0 * band[o3 + c] - l1 * band[o3 + c + 1] - l2 * band[o3 + c + 2])
                                          * _inverseDiagonal[c + 3];
            }

            for (; c < r; c++)
            {
                var cOffset = c * _w - c + _b;
                var s = band[rowOffset + c] - Dot(band, rowOffset + start, cOffset + start, c - start);
                band[rowOffset + c] = s * _inverseDiagonal[c];
            }

            var d = band[rowOffset + r] - Dot(band, rowOffset + start, rowOffset + start, r - start);
            if (!(d > 0))
            {
                throw new SolverFailureException($"Band matrix is not positive definite (pivot {d} at row {r}).");
            }

            var l = Math.Sqrt(d);
            band[rowOffset + r] = l;
            _inverseDiagonal[r] = 1.0 / l;
        }
    }

    /// <summary>Solves L L^T x = rhs; <paramref name="x"/> may alias <paramref name="rhs"/>.</summary>
    public void Solve(ReadOnlySpan<double> rhs, Span<double> x)
    {
        if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(rhs), ref MemoryMarshal.GetReference(x)))
        {
            rhs.CopyTo(x);
        }

        var band = _band;
        for (var r = 0; r < _n; r++)
        {
            var start = Math.Max(0, r - _b);
            var rowOffset = r * _w - r + _b;
            x[r] = (x[r] - Dot(band, rowOffset + start, x, start, r - start)) * _inverseDiagonal[r];
        }

        for (var r = _n - 1; r >= 0; r--)
        {
            var start = Math.Max(0, r - _b);
            var rowOffset = r * _w - r + _b;
            var xr = x[r] * _inverseDiagonal[r];
            x[r] = xr;
            SubtractScaled(x, start, band, rowOffset + start, xr, r - start);
        }
    }

    private static double Dot(double[] a, int aStart, int bStart, int length) =>
        Dot(a, aStart, a.AsSpan(), bStart, length);

    private static double Dot(double[] a, int aStart, ReadOnlySpan<double> b, int bStart, int length)
    {
        var sa = a.AsSpan(aStart, length);
        var sb = b.Slice(bStart, length);
        ref var ra = ref MemoryMarshal.GetReference(sa);
        ref var rb = ref MemoryMarshal.GetReference(sb);
        var i = 0;
        var width = Vector<double>.Count;
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        for (; i <= length - 2 * width; i += 2 * width)
        {
            acc0 += Vector.LoadUnsafe(ref ra, (nuint)i) * Vector.LoadUnsafe(ref rb, (nuint)i);
            acc1 += Vector.LoadUnsafe(ref ra, (nuint)(i + width)) * Vector.LoadUnsafe(ref rb, (nuint)(i + width));
        }

        if (i <= length - width)
        {
            acc0 += Vector.LoadUnsafe(ref ra, (nuint)i) * Vector.LoadUnsafe(ref rb, (nuint)i);
            i += width;
        }

        var s = Vector.Sum(acc0 + acc1);
        for (; i < length; i++)
        {
            s += Unsafe.Add(ref ra, i) * Unsafe.Add(ref rb, i);
        }

        return s;
    }

    /// <summary>
    /// Dot products of a[x .. x + length) with four rows a[y + q stride ..) (q = 0..3) of the same length.
    /// </summary>
    private static (double, double, double, double) Dot4(double[] a, int x, int y, int stride, int length)
    {
        var sx = a.AsSpan(x, length);
        var sy = a.AsSpan(y, 3 * stride + length);
        ref var rx = ref MemoryMarshal.GetReference(sx);
        ref var r0 = ref MemoryMarshal.GetReference(sy);
        ref var r1 = ref Unsafe.Add(ref r0, stride);
        ref var r2 = ref Unsafe.Add(ref r1, stride);
        ref var r3 = ref Unsafe.Add(ref r2, stride);
        var width = Vector<double>.Count;
        Vector<double> a0 = Vector<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
        var i = 0;
        for (; i <= length - width; i += width)
        {
            var v = Vector.LoadUnsafe(ref rx, (nuint)i);
            a0 += v * Vector.LoadUnsafe(ref r0, (nuint)i);
            a1 += v * Vector.LoadUnsafe(ref r1, (nuint)i);
            a2 += v * Vector.LoadUnsafe(ref r2, (nuint)i);
            a3 += v * Vector.LoadUnsafe(ref r3, (nuint)i);
        }

        double s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
        for (; i < length; i++)
        {
            var v = Unsafe.Add(ref rx, i);
            s0 += v * Unsafe.Add(ref r0, i);
            s1 += v * Unsafe.Add(ref r1, i);
            s2 += v * Unsafe.Add(ref r2, i);
            s3 += v * Unsafe.Add(ref r3, i);
        }

        return (s0, s1, s2, s3);
    }

    private static void SubtractScaled(Span<double> x, int xStart, double[] a, int aStart, double scale, int length)
    {
        var sx = x.Slice(xStart, length);
        var sa = a.AsSpan(aStart, length);
        ref var rx = ref MemoryMarshal.GetReference(sx);
        ref var ra = ref MemoryMarshal.GetReference(sa);
        var i = 0;
        var width = Vector<double>.Count;
        var vs = new Vector<double>(scale);
        for (; i <= length - width; i += width)
        {
            var v = Vector.LoadUnsafe(ref rx, (nuint)i) - vs * Vector.LoadUnsafe(ref ra, (nuint)i);
            v.StoreUnsafe(ref rx, (nuint)i);
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref rx, i) -= scale * Unsafe.Add(ref ra, i);
        }
    }
}
