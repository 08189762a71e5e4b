using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SparsePlugins.Darcy;

/// <summary>
/// A minimal PNG decoder to grey levels, enough for training images and free of imaging libraries (this project is
/// deliberately dependency-light). Non-interlaced PNGs of every standard colour type and bit depth; CRCs are not checked
/// because a damaged file still fails on inflating or on the length of the inflated data.
/// </summary>
public static class PngDecoder
{
    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <returns>Grey in [0, 1] row-major in FILE order: row 0 is the TOP row of the picture. RGB becomes luminance
    /// 0.299 R + 0.587 G + 0.114 B; alpha is ignored.</returns>
    /// <exception cref="InvalidDataException">Not a PNG, damaged, interlaced or of an unsupported colour type.</exception>
    public static (int Width, int Height, double[] Gray) ReadGray(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"PNG file '{path}' does not exist.", path);
        }

        var (header, palette, compressed) = ReadChunks(path, File.ReadAllBytes(path));
        var raw = Inflate(path, compressed, header);
        Unfilter(path, raw, header);
        return (header.Width, header.Height, ToGray(path, raw, header, palette));
    }

    /// <summary>The IHDR fields that matter once compression and filter method are known to be 0.</summary>
    private readonly record struct Header(int Width, int Height, int BitDepth, int ColourType)
    {
        public int Channels => ColourType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };

        public long RowBytes => ((long)Width * Channels * BitDepth + 7) / 8;

        /// <summary>The filters' "left neighbour" distance: whole pixels, at least one byte.</summary>
        public int FilterStride => Math.Max(1, Channels * BitDepth / 8);
    }

    private static (Header Header, byte[]? Palette, byte[] Compressed) ReadChunks(string path, byte[] file)
    {
        if (file.Length < Signature.Length || !file.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw Error(path, "not a PNG file (the PNG signature is missing); convert it to PNG, or read it as GSLIB.");
        }

        Header? header = null;
        byte[]? palette = null;
        var idat = new MemoryStream();
        for (var offset = Signature.Length; offset < file.Length;)
        {
            var (type, length) = Chunk(path, file, offset);
            var data = file.AsSpan(offset + 8, length);
            if (type == "IEND")
            {
                break;
            }

            switch (type)
            {
                case "IHDR": header = ParseHeader(path, data); break;
                case "PLTE": palette = data.ToArray(); break;
                case "IDAT": idat.Write(data); break;
            }

            offset += 12 + data.Length;
        }

        return Validate(path, header, palette, idat.ToArray());
    }

    /// <summary>The chunk at <paramref name="offset"/>: 4-byte length, 4-byte type, data, 4-byte CRC (skipped).</summary>
    private static (string Type, int Length) Chunk(string path, byte[] file, int offset)
    {
        if (file.Length - offset < 12)
        {
            throw Error(path, $"truncated chunk at byte {offset}; the file is incomplete, copy or export it again.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset));
        var type = Encoding.ASCII.GetString(file, offset + 4, 4);
        if (length > (uint)(file.Length - offset - 12))
        {
            throw Error(path, $"the {type} chunk at byte {offset} is truncated ({length} data bytes announced); the file is incomplete, copy or export it again.");
        }

        return (type, (int)length);
    }

    private static Header ParseHeader(string path, ReadOnlySpan<byte> data)
    {
        if (data.Length != 13)
        {
            throw Error(path, $"the IHDR chunk has {data.Length} bytes instead of 13; the file is damaged, export it again.");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int bitDepth = data[8], colourType = data[9];
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw Error(path, $"invalid image size {width} x {height}; the file is damaged, export it again.");
        }

        if (!Supported(colourType, bitDepth))
        {
            throw Error(path, $"unsupported colour type {colourType} with bit depth {bitDepth}; re-save it as 8-bit greyscale or RGB.");
        }

        if (data[10] != 0 || data[11] != 0)
        {
            throw Error(path, $"unknown compression method {data[10]} or filter method {data[11]}; re-save it with a standard PNG writer.");
        }

        if (data[12] != 0)
        {
            throw Error(path, "interlaced (Adam7) PNGs are not supported; re-save it without interlacing.");
        }

        return new Header((int)width, (int)height, bitDepth, colourType);
    }

    private static bool Supported(int colourType, int bitDepth) => colourType switch
    {
        0 => bitDepth is 1 or 2 or 4 or 8 or 16,
        3 => bitDepth is 1 or 2 or 4 or 8,
        2 or 4 or 6 => bitDepth is 8 or 16,
        _ => false,
    };

    private static (Header, byte[]?, byte[]) Validate(string path, Header? header, byte[]? palette, byte[] compressed)
    {
        if (header is not { } h)
        {
            throw Error(path, "no IHDR chunk (image header); the file is damaged, export it again.");
        }

        if (compressed.Length == 0)
        {
            throw Error(path, "no IDAT chunk (no image data); the file is incomplete, export it again.");
        }

        if (h.ColourType == 3 && (palette is null || palette.Length % 3 != 0 || palette.Length == 0))
        {
            throw Error(path, "a palette image without a valid PLTE chunk; re-save it as 8-bit greyscale.");
        }

        return (h, palette, compressed);
    }

    /// <summary>Inflates the concatenated IDAT data: one filter byte plus the packed samples per row.</summary>
    private static byte[] Inflate(string path, byte[] compressed, Header header)
    {
        var expected = header.Height * (1 + header.RowBytes);
        if (expected > Array.MaxLength)
        {
            throw Error(path, $"a {header.Width} x {header.Height} image is too large to decode; crop or downscale it.");
        }

        var raw = new byte[expected];
        int read;
        bool more;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            read = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            more = read == raw.Length && zlib.ReadByte() >= 0;
        }
        catch (InvalidDataException e)
        {
            throw Error(path, $"the compressed image data are corrupt ({e.Message}); export the file again.", e);
        }

        if (read < raw.Length || more)
        {
            var found = more ? "more" : $"{read}";
            throw Error(path, $"the image data inflate to {found} bytes but a {header.Width} x {header.Height} image of this type needs {expected}; the file is truncated or damaged, export it again.");
        }

        return raw;
    }

    /// <summary>Undoes the per-row filters in place (each row refers to the already decoded row above it).</summary>
    private static void Unfilter(string path, byte[] raw, Header header)
    {
        var rowBytes = (int)header.RowBytes;
        var above = new byte[rowBytes];
        for (var y = 0; y < header.Height; y++)
        {
            var start = y * (1 + rowBytes);
            var filter = raw[start];
            if (filter > 4)
            {
                throw Error(path, $"row {y} has unknown filter type {filter}; the file is damaged, export it again.");
            }

            var row = raw.AsSpan(start + 1, rowBytes);
            UnfilterRow(filter, row, y == 0 ? above : raw.AsSpan(start - rowBytes, rowBytes), header.FilterStride);
        }
    }

    /// <summary>Filters 0-4 (none, sub, up, average, Paeth); a = left, b = above, c = above-left, 0 outside the image.</summary>
    private static void UnfilterRow(int filter, Span<byte> row, ReadOnlySpan<byte> above, int stride)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int a = i >= stride ? row[i - stride] : 0;
            int b = above[i];
            int c = i >= stride ? above[i - stride] : 0;
            row[i] += (byte)(filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => Paeth(a, b, c) });
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static double[] ToGray(string path, byte[] raw, Header header, byte[]? palette)
    {
        var paletteGray = palette is null ? [] : PaletteGray(palette);
        var max = (double)((1 << header.BitDepth) - 1);
        var rowBytes = (int)header.RowBytes;
        var gray = new double[(long)header.Width * header.Height];
        for (var y = 0; y < header.Height; y++)
        {
            var row = raw.AsSpan(y * (1 + rowBytes) + 1, rowBytes);
            for (var x = 0; x < header.Width; x++)
            {
                gray[(long)y * header.Width + x] = header.ColourType switch
                {
                    0 or 4 => Sample(row, x * header.Channels, header.BitDepth) / max,
                    2 or 6 => Luminance(row, x * header.Channels, header.BitDepth) / max,
                    _ => PaletteEntry(path, paletteGray, Sample(row, x, header.BitDepth)),
                };
            }
        }

        return gray;
    }

    private static double[] PaletteGray(byte[] palette) =>
        Enumerable.Range(0, palette.Length / 3).Select(i => Luminance(palette, 3 * i, 8) / 255).ToArray();

    private static double PaletteEntry(string path, double[] paletteGray, int index) =>
        index < paletteGray.Length
            ? paletteGray[index]
            : throw Error(path, $"palette index {index} beyond the {paletteGray.Length} PLTE entries; the file is damaged, re-save it.");

    private static double Luminance(ReadOnlySpan<byte> row, int sample, int bitDepth) =>
        0.299 * Sample(row, sample, bitDepth) + 0.587 * Sample(row, sample + 1, bitDepth) + 0.114 * Sample(row, sample + 2, bitDepth);

    /// <summary>Sample number <paramref name="index"/> of a row: big-endian 16-bit, a byte, or packed from the high bits down.</summary>
    private static int Sample(ReadOnlySpan<byte> row, int index, int bitDepth)
    {
        if (bitDepth == 16)
        {
            return row[2 * index] << 8 | row[2 * index + 1];
        }

        var bit = index * bitDepth;
        return row[bit >> 3] >> (8 - bitDepth - (bit & 7)) & ((1 << bitDepth) - 1);
    }

    private static InvalidDataException Error(string path, string problem, Exception? inner = null) => new($"{path}: {problem}", inner);
}
