namespace SparsePlugins.Priors;

/// <summary>Order statistics without a full sort.</summary>
internal static class Selection
{
    /// <summary>
    /// The <paramref name="k"/>-th smallest (1-based) of <paramref name="values"/>, which it reorders: quickselect with
    /// a median-of-three pivot, expected linear time (the pruning candidates are up to ~10^5 keys, where a sort cost
    /// several milliseconds per step).
    /// </summary>
    public static uint Smallest(uint[] values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, values.Length);
        int lo = 0, hi = values.Length - 1, target = k - 1;
        while (lo < hi)
        {
            uint pivot = MedianOfThree(values[lo], values[lo + (hi - lo) / 2], values[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i > j) break;
                (values[i], values[j]) = (values[j], values[i]);
                i++;
                j--;
            }
            // Now values[lo..j] <= pivot <= values[i..hi], and any slot between j and i holds the pivot.
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return values[target];
        }
        return values[target];
    }

    private static uint MedianOfThree(uint a, uint b, uint c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
