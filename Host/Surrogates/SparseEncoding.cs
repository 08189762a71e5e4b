namespace SparsePlugins.Host.Surrogates;

/// <summary>
/// A mostly-zero array as a bit mask of its non-zeros (8 per byte, least significant bit first, as numpy's
/// <c>unpackbits(..., bitorder="little")</c> reads it) and the non-zero values in order: 1/8 byte per weight plus 4
/// per non-zero, against 4 per weight dense.
/// </summary>
public static class SparseEncoding
{
    public static (byte[] Mask, float[] Values) Encode(ReadOnlySpan<float> data)
    {
        var mask = new byte[(data.Length + 7) / 8];
        var values = new List<float>();
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == 0) continue;
            mask[i >> 3] |= (byte)(1 << (i & 7));
            values.Add(data[i]);
        }
        return (mask, values.ToArray());
    }

    public static float[] Decode(byte[] mask, float[] values, long count)
    {
        if (mask.Length != (count + 7) / 8)
        {
            throw new InvalidDataException($"mask has {mask.Length} bytes, expected {(count + 7) / 8} for {count} weights");
        }
        var data = new float[count];
        int next = 0;
        for (long i = 0; i < count; i++)
        {
            if ((mask[i >> 3] & (1 << (int)(i & 7))) == 0) continue;
            if (next == values.Length) throw new InvalidDataException("mask marks more non-zeros than there are values");
            data[i] = values[next++];
        }
        if (next != values.Length) throw new InvalidDataException($"{values.Length - next} values left over after the mask");
        return data;
    }
}
