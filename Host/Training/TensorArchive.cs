using SparsePlugins.Abstractions;
using System.Security.Cryptography;
using System.Text;
using SparsePlugins.Host.Options;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// One file holding a JSON document and named tensors, checked by a SHA-256 of everything before it: the checkpoint
/// format. Written to a temporary name, flushed to disk and renamed, so a process killed while writing leaves the
/// previous file intact; read back, any truncation or flipped byte is refused before a tensor is used.
/// Layout: magic, int32 JSON length, JSON (UTF-8), int32 tensor count, per tensor (name, int32 dtype, int32 rank,
/// int64 dims, int64 byte count, bytes), then the 32-byte hash.
/// </summary>
public static class TensorArchive
{
    private static readonly byte[] Magic = "SPARSEPLUGINS-ARCHIVE-1\n"u8.ToArray();
    private const int HashBytes = 32;

    public static void Write(string path, string json, IReadOnlyDictionary<string, Tensor> tensors)
    {
        // A killed or failed write leaves the previous archive in place (and no temporary, when it failed).
        AtomicFile.Write(path, temporary =>
        {
            using var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var writer = new BinaryWriter(new HashingStream(file, hash), Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                var text = Encoding.UTF8.GetBytes(json);
                writer.Write(text.Length);
                writer.Write(text);
                writer.Write(tensors.Count);
                foreach (var (name, tensor) in tensors) WriteTensor(writer, name, tensor);
            }
            file.Write(hash.GetHashAndReset());
            file.Flush(flushToDisk: true);
        });
    }

    private static void WriteTensor(BinaryWriter writer, string name, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var data = tensor.detach().cpu().contiguous();
        writer.Write(name);
        writer.Write((int)data.dtype);
        writer.Write(data.shape.Length);
        foreach (var dimension in data.shape) writer.Write(dimension);
        var bytes = data.bytes;
        writer.Write((long)bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>The JSON and the tensors (owned by the caller); a damaged file is refused naming it.</summary>
    public static (string Json, Dictionary<string, Tensor> Tensors) Read(string path, string what)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Corrupt(path, what, $"cannot be read ({e.Message})");
        }
        if (content.Length < Magic.Length + HashBytes || !content.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Corrupt(path, what, "is not a SparsePlugins checkpoint (wrong header or too short)");
        }
        var body = content.AsSpan(0, content.Length - HashBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(content.AsSpan(body.Length)))
        {
            throw Corrupt(path, what, "is damaged (checksum mismatch: truncated or changed after it was written)");
        }
        using var reader = new BinaryReader(new MemoryStream(content, Magic.Length, body.Length - Magic.Length), Encoding.UTF8);
        var json = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadInt32()));
        int count = reader.ReadInt32();
        var tensors = new Dictionary<string, Tensor>(count);
        for (int i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var type = (ScalarType)reader.ReadInt32();
            var shape = new long[reader.ReadInt32()];
            for (int d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
            var bytes = reader.ReadBytes(checked((int)reader.ReadInt64()));
            var tensor = empty(shape, type);
            bytes.AsSpan().CopyTo(tensor.bytes);
            tensors[name] = tensor.DetachFromDisposeScope();
        }
        return (json, tensors);
    }

    private static InvalidInputException Corrupt(string path, string what, string problem) => new(
        $"The {what} '{path}' {problem}. Delete it to start the run afresh (run --overwrite), or restore it from a copy.");

    /// <summary>Passes writes through to a stream while hashing them.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }
    }
}
