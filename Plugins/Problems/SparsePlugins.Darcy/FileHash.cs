using System.Security.Cryptography;

namespace SparsePlugins.Darcy;

/// <summary>Content hashes of input files, so that cached data derived from a file go stale when the file changes.</summary>
public static class FileHash
{
    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
