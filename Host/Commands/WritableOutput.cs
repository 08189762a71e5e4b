using SparsePlugins.Abstractions;
using SparsePlugins.Host.Options;

namespace SparsePlugins.Host.Commands;

/// <summary>
/// Checks that an output place can be written before any work is done, so a mistyped or read-only path costs a
/// message, not a finished computation and a stack trace.
/// </summary>
public static class WritableOutput
{
    /// <summary>Creates <paramref name="directory"/> if needed and writes and removes a probe file in it.</summary>
    /// <param name="what">How the user named it, e.g. "Output" or "--out".</param>
    /// <exception cref="InvalidInputException">The folder cannot be created or written.</exception>
    public static void Directory(string directory, string what)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new InvalidInputException($"{what} '{directory}' cannot be written ({e.Message}); choose a folder you can write.");
        }
    }

    /// <summary>The folder that will hold <paramref name="file"/> can be written.</summary>
    public static void FileIn(string file, string what)
    {
        if (System.IO.Directory.Exists(file))
        {
            throw new InvalidInputException($"{what} '{file}' is a folder; give a file name.");
        }
        Directory(Path.GetDirectoryName(Path.GetFullPath(file))!, what);
    }
}
