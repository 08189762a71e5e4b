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
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        // Same folder, so the move is a rename on the same file system rather than a copy.
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
            return full;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
