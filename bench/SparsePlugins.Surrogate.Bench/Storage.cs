using SparsePlugins.Networks;

namespace SparsePlugins.Surrogate.Bench;

/// <summary>Bytes one network sample takes on disk in three encodings (files really written, then deleted).</summary>
internal static class Storage
{
    public sealed record Sizes(long StateDict, long NonZeroInt32, long NonZeroDelta16, long SparseWeights, long NonZeros, long Escapes);

    public static Sizes Measure(DarcyCnn net)
    {
        var directory = Directory.CreateTempSubdirectory("surrogate-bench-");
        try
        {
            var stateDict = Path.Combine(directory.FullName, "state.dat");
            net.save(stateDict);
            var (int32Bytes, weights, nonZeros, _) = WriteNonZeros(net, Path.Combine(directory.FullName, "nz32.bin"), delta16: false);
            var (delta16Bytes, _, _, escapes) = WriteNonZeros(net, Path.Combine(directory.FullName, "nz16.bin"), delta16: true);
            return new Sizes(new FileInfo(stateDict).Length, int32Bytes, delta16Bytes, weights, nonZeros, escapes);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The ensemble-file encoding: parameters in module order; a sparse layer as int32 count, then its non-zeros'
    /// flat (row-major) indices, then their float32 values; every other parameter as dense float32. Shapes and names
    /// come from the network's options, so they are not stored. With <paramref name="delta16"/> each index is stored
    /// as a uint16 gap from the previous non-zero; a gap that does not fit is written as 0xFFFF plus the uint32 index.
    /// </summary>
    private static (long Bytes, long SparseWeights, long NonZeros, long Escapes) WriteNonZeros(DarcyCnn net, string path, bool delta16)
    {
        long weights = 0, nonZeros = 0, escapes = 0;
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            foreach (var (name, parameter) in net.named_parameters())
            {
                var values = parameter.detach().contiguous().data<float>().ToArray();
                if (!DarcyCnn.DenseWeights.Contains(name))
                {
                    foreach (var v in values) writer.Write(v);
                    continue;
                }

                var indices = Enumerable.Range(0, values.Length).Where(i => values[i] != 0f).ToArray();
                weights += values.Length;
                nonZeros += indices.Length;
                writer.Write(indices.Length);
                escapes += delta16 ? WriteDeltas(writer, indices) : WriteIndices(writer, indices);
                foreach (var i in indices) writer.Write(values[i]);
            }
        }

        return (new FileInfo(path).Length, weights, nonZeros, escapes);
    }

    private static long WriteIndices(BinaryWriter writer, int[] indices)
    {
        foreach (var i in indices) writer.Write(i);
        return 0;
    }

    private static long WriteDeltas(BinaryWriter writer, int[] indices)
    {
        long escapes = 0;
        var previous = 0;
        foreach (var i in indices)
        {
            var gap = i - previous;
            if (gap < ushort.MaxValue)
            {
                writer.Write((ushort)gap);
            }
            else
            {
                writer.Write(ushort.MaxValue);
                writer.Write((uint)i);
                escapes++;
            }

            previous = i;
        }

        return escapes;
    }
}
