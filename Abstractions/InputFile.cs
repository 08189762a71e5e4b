namespace SparsePlugins.Abstractions;

/// <summary>
/// Checks a file an option names, cheaply and before any run starts (call it from the options'
/// <c>IValidatableObject.Validate</c>): it exists, is a file and not a folder, has one of the expected extensions, and
/// (for text formats) is not binary. Each message names the option, the path and the fix.
/// </summary>
public static class InputFile
{
    private const int Sniff = 4096;

    /// <summary>The validation-context item by which a host says whether named files must exist now (false for predict).</summary>
    public const string CheckKey = "SparsePlugins.CheckInputFiles";

    /// <summary>Whether the options' Validate should check the files they name (true unless the host says otherwise).</summary>
    public static bool ShouldCheck(System.ComponentModel.DataAnnotations.ValidationContext context) =>
        !context.Items.TryGetValue(CheckKey, out var value) || value is not false;

    /// <param name="option">The option that names the file (TrainFile), for messages.</param>
    /// <param name="path">The path as the user wrote it; relative paths resolve against the current directory.</param>
    /// <param name="format">What the file should be, in words ("a CSV file").</param>
    /// <param name="extensions">Accepted extensions, with the dot, lower case; empty accepts any.</param>
    /// <param name="text">True for text formats: a file with NUL bytes in its first 4 KB is refused as binary.</param>
    /// <param name="fix">What to do when the file does not exist (default: give an absolute path).</param>
    /// <returns>Null when the file looks right, else the message.</returns>
    public static string? Problem(string option, string path, string format, IReadOnlyCollection<string> extensions, bool text,
        string? fix = null)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return $"{option} '{path}' is a folder ({full}); give the path of {format} inside it.";
        }
        if (!File.Exists(full))
        {
            return $"{option} '{path}' does not exist (looked for '{full}'; relative paths resolve against the current " +
                   $"directory '{Environment.CurrentDirectory}'). " + (fix ?? "Give an absolute path or run from the folder that holds the file.");
        }
        var extension = Path.GetExtension(full).ToLowerInvariant();
        if (extensions.Count > 0 && !extensions.Contains(extension))
        {
            return $"{option} '{path}' has the extension '{extension}', but it must be {format} " +
                   $"({string.Join(", ", extensions)}). Convert the file, or rename it if it already is one.";
        }
        return text && IsBinary(full)
            ? $"{option} '{path}' is a binary file; it must be {format} (text)."
            : null;
    }

    /// <summary>True when the first bytes hold a NUL, which no text format here has.</summary>
    public static bool IsBinary(string path)
    {
        var buffer = new byte[Sniff];
        using var stream = File.OpenRead(path);
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Array.IndexOf(buffer, (byte)0, 0, read) >= 0;
    }

    /// <summary>True when the file starts with <paramref name="signature"/> (PNG, HDF5 magic numbers).</summary>
    public static bool StartsWith(string path, ReadOnlySpan<byte> signature)
    {
        var buffer = new byte[signature.Length];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length && signature.SequenceEqual(buffer);
    }
}
