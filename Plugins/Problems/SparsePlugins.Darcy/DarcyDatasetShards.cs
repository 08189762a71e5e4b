namespace SparsePlugins.Darcy;

/// <summary>
/// A data set generated in n shares (<c>generate --shard i/n</c>, e.g. one per Slurm array task) and merged back. Share
/// i holds the contiguous samples [i N / n, (i + 1) N / n); since sample k depends only on (Seed, k), the merge is the
/// array concatenation and equals, array for array and hash for hash, the data set one <c>generate</c> writes.
/// </summary>
public static class DarcyDatasetShards
{
    /// <summary>The options of share <paramref name="index"/> of <paramref name="count"/> of <paramref name="whole"/>.</summary>
    public static DarcyGeneratorOptions Shard(DarcyGeneratorOptions whole, int index, int count)
    {
        if (count < 1 || index < 0 || index >= count || count > whole.Samples)
        {
            throw new ArgumentException($"shard {index}/{count} of {whole.Samples} samples: need 0 <= i < n <= Samples.");
        }
        var shard = whole.Clone();
        shard.FirstSample = (int)((long)index * whole.Samples / count);
        shard.Samples = (int)((long)(index + 1) * whole.Samples / count) - shard.FirstSample;
        return shard;
    }

    /// <summary>Concatenates shards (any order) that together cover one data set exactly once.</summary>
    /// <exception cref="InvalidDataException">Shards of different data sets, overlapping, or with a gap; the message names them.</exception>
    public static DarcyDataset Merge(IReadOnlyList<(string Path, DarcyDataset Data)> shards)
    {
        if (shards.Count == 0) throw new InvalidDataException("merge needs at least one shard.");
        var ordered = shards.OrderBy(s => s.Data.Options.FirstSample).ToList();
        var whole = ordered[0].Data.Options.Clone();
        whole.FirstSample = 0;
        whole.Samples = ordered.Sum(s => s.Data.Samples);
        int next = 0;
        foreach (var (path, data) in ordered)
        {
            var same = data.Options.Clone();
            same.FirstSample = 0;
            same.Samples = whole.Samples;
            if (same.Hash() != whole.Hash())
            {
                throw new InvalidDataException($"{path} was generated with other options than {ordered[0].Path}; merge shards of one data set.");
            }
            if (data.Options.FirstSample != next)
            {
                throw new InvalidDataException($"{path} starts at sample {data.Options.FirstSample}, but the shards before it end at " +
                    $"{next}: a shard is {(data.Options.FirstSample > next ? "missing" : "given twice or overlaps")}.");
            }
            next += data.Samples;
        }
        var datasets = ordered.Select(s => s.Data).ToList();
        return new DarcyDataset(whole, Concat(datasets, d => d.Permeability), Concat(datasets, d => d.Velocity),
            Concat(datasets, d => d.Pressure), Concat(datasets, d => d.Coefficients), datasets[0].VarianceKept);
    }

    private static T[] Concat<T>(List<DarcyDataset> datasets, Func<DarcyDataset, T[]> part) => datasets.SelectMany(part).ToArray();
}
