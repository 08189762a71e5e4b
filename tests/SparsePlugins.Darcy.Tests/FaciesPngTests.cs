using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SparsePlugins.Darcy.Tests;

public sealed class FaciesPngTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("darcy-png-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(byte[] png, string name = "image.png")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, png);
        return path;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void EveryFilterDecodesGreyExactly(int filter)
    {
        var (width, height) = (7, 5);
        var bytes = RandomBytes(width * height, seed: filter);
        var rows = Enumerable.Range(0, height).Select(y => bytes.AsSpan(y * width, width).ToArray()).ToArray();

        var (w, h, gray) = PngDecoder.ReadGray(Write(TestPng.Encode(width, height, 0, 8, rows, filter)));

        Assert.Equal((width, height), (w, h));
        Assert.Equal(bytes.Select(b => b / 255.0), gray);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void EveryFilterDecodesRgbWithThreeBytePixels(int filter)
    {
        var (width, height) = (6, 4);
        var bytes = RandomBytes(3 * width * height, seed: 10 + filter);
        var rows = Enumerable.Range(0, height).Select(y => bytes.AsSpan(3 * y * width, 3 * width).ToArray()).ToArray();

        var (_, _, gray) = PngDecoder.ReadGray(Write(TestPng.Encode(width, height, 2, 8, rows, filter)));

        var expected = Enumerable.Range(0, width * height).Select(p => Luminance(bytes[3 * p], bytes[3 * p + 1], bytes[3 * p + 2]) / 255);
        Assert.Equal(expected, gray, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void OneBitGreyUnpacksFromTheHighBit()
    {
        // 10 pixels per row: two bytes, the last 6 bits padding.
        int[][] samples = [[1, 0, 1, 1, 0, 0, 0, 1, 0, 1], [0, 1, 0, 0, 1, 1, 1, 0, 1, 0]];
        var rows = samples.Select(r => TestPng.Pack(r, 1)).ToArray();

        var (w, h, gray) = PngDecoder.ReadGray(Write(TestPng.Encode(10, 2, 0, 1, rows, filter: 1)));

        Assert.Equal((10, 2), (w, h));
        Assert.Equal(samples.SelectMany(r => r).Select(s => (double)s), gray);
    }

    [Fact]
    public void SixteenBitGreyIsBigEndian()
    {
        byte[][] rows = [[0x00, 0x00, 0xFF, 0xFF, 0x80, 0x01]];
        var (_, _, gray) = PngDecoder.ReadGray(Write(TestPng.Encode(3, 1, 0, 16, rows, filter: 0)));
        Assert.Equal([0.0, 1.0, 0x8001 / 65535.0], gray);
    }

    [Fact]
    public void PaletteImagesLookUpTheirColours()
    {
        byte[] palette = [0, 0, 0, 255, 255, 255, 255, 0, 0, 10, 20, 30];
        int[] indices = [0, 1, 2, 3, 3, 2, 1, 0];
        var rows = new[] { TestPng.Pack(indices[..4], 4), TestPng.Pack(indices[4..], 4) };

        var (_, _, gray) = PngDecoder.ReadGray(Write(TestPng.Encode(4, 2, 3, 4, rows, filter: 2, palette)));

        var lookup = new[] { 0.0, Luminance(255, 255, 255) / 255, Luminance(255, 0, 0) / 255, Luminance(10, 20, 30) / 255 };
        Assert.Equal(indices.Select(i => lookup[i]), gray, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void RgbaIgnoresAlpha()
    {
        byte[][] rows = [[255, 255, 255, 0, 0, 0, 0, 7, 0, 255, 0, 255]];
        var (_, _, gray) = PngDecoder.ReadGray(Write(TestPng.Encode(3, 1, 6, 8, rows, filter: 4)));
        Assert.Equal([1.0, 0.0, 0.587], gray, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void GreyAlphaUsesTheGreySample()
    {
        byte[][] rows = [[51, 0, 255, 128]];
        var (_, _, gray) = PngDecoder.ReadGray(Write(TestPng.Encode(2, 1, 4, 8, rows, filter: 3)));
        Assert.Equal([0.2, 1.0], gray);
    }

    [Fact]
    public void InterlacedImagesAreRejectedWithAFix()
    {
        var path = Write(TestPng.Encode(2, 2, 0, 8, [[0, 255], [255, 0]], filter: 0, interlaced: true));
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.ReadGray(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("without interlacing", error.Message);
    }

    [Fact]
    public void TruncatedFilesNameThePath()
    {
        var png = TestPng.Encode(16, 16, 0, 8, Enumerable.Range(0, 16).Select(y => RandomBytes(16, y)).ToArray(), filter: 0);
        var path = Write(png[..(png.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.ReadGray(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void MissingImageDataIsReported()
    {
        var png = TestPng.Encode(2, 2, 0, 8, [[0, 255], [255, 0]], filter: 0);
        var path = Write(png[..33]); // signature + IHDR only
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.ReadGray(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("IDAT", error.Message);
    }

    [Fact]
    public void ImageDataOfTheWrongLengthIsReported()
    {
        // Rows of 3 bytes declared as 2 pixels wide: one byte too many per row.
        var path = Write(TestPng.Encode(2, 2, 0, 8, [[0, 255, 0], [255, 0, 0]], filter: 0));
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.ReadGray(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("needs 6", error.Message);
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(5, 8)]
    [InlineData(0, 3)]
    public void UnsupportedColourTypesAndDepthsAreRejected(int colourType, int bitDepth)
    {
        var path = Write(TestPng.Encode(1, 1, colourType, bitDepth, [[0, 0, 0]], filter: 0));
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.ReadGray(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains($"colour type {colourType} with bit depth {bitDepth}", error.Message);
    }

    [Fact]
    public void NonPngFilesAndMissingFilesAreRejected()
    {
        var path = Write(Encoding.ASCII.GetBytes("250 250 1\n1\nfacies\n0\n"), "ti.dat");
        Assert.StartsWith(path, Assert.Throws<InvalidDataException>(() => PngDecoder.ReadGray(path)).Message);
        var missing = Path.Combine(_directory, "missing.png");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => PngDecoder.ReadGray(missing)).Message);
    }

    private static double Luminance(double r, double g, double b) => 0.299 * r + 0.587 * g + 0.114 * b;

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

/// <summary>A tiny PNG encoder for tests: raw (unfiltered) scanlines in, one filter type for every row.</summary>
internal static class TestPng
{
    public static byte[] Encode(int width, int height, int colourType, int bitDepth, byte[][] rows, int filter, byte[]? palette = null, bool interlaced = false)
    {
        var channels = colourType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };
        var stride = Math.Max(1, channels * bitDepth / 8);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9], header[12]) = ((byte)bitDepth, (byte)colourType, (byte)(interlaced ? 1 : 0));

        var filtered = new MemoryStream();
        for (var y = 0; y < rows.Length; y++)
        {
            filtered.WriteByte((byte)filter);
            filtered.Write(Filter(filter, rows[y], y == 0 ? new byte[rows[y].Length] : rows[y - 1], stride));
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(filtered.ToArray());
        }

        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        WriteChunk(png, "IHDR", header);
        if (palette is not null)
        {
            WriteChunk(png, "PLTE", palette);
        }

        // Two IDAT chunks, so the decoder must concatenate them.
        var data = compressed.ToArray();
        WriteChunk(png, "IDAT", data[..(data.Length / 2)]);
        WriteChunk(png, "IDAT", data[(data.Length / 2)..]);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Packs samples of fewer than 8 bits from the high bit down, as PNG does.</summary>
    public static byte[] Pack(int[] samples, int bitDepth)
    {
        var bytes = new byte[(samples.Length * bitDepth + 7) / 8];
        for (var i = 0; i < samples.Length; i++)
        {
            var bit = i * bitDepth;
            bytes[bit / 8] |= (byte)(samples[i] << (8 - bitDepth - bit % 8));
        }

        return bytes;
    }

    private static byte[] Filter(int filter, byte[] row, byte[] above, int stride)
    {
        var output = new byte[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            int a = i >= stride ? row[i - stride] : 0, b = above[i], c = i >= stride ? above[i - stride] : 0;
            var predictor = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => Paeth(a, b, c) };
            output[i] = (byte)(row[i] - predictor);
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32([.. typeBytes, .. data]));
        png.Write(number);
    }

    /// <summary>CRC-32 (ISO 3309, reflected 0xEDB88320) bit by bit: slow but short, and tests only write tiny files.</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
