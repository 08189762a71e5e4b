using SparsePlugins.Abstractions;

namespace SparsePlugins.Problems.Darcy.Figures;

/// <summary>
/// Writes a figure atomically: a reader (a browser, a docs build, the next run) never sees a half-written PNG, and
/// a failed render leaves the previous figure in place.
/// </summary>
internal static class FigureFile
{
    /// <summary>Lets <paramref name="write"/> fill a temporary file beside <paramref name="path"/>, then moves it there.</summary>
    /// <returns>The full path written.</returns>
    public static string Write(string path, Action<string> write)
    {
        FigureArguments.RequirePath(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Beside the figure, so the move is a rename on the same file system rather than a copy.
        AtomicFile.Write(full, write);
        return full;
    }
}
