namespace SparsePlugins.Abstractions;

/// <summary>
/// Writes a file under a temporary name unique to this writer and renames it into place, so a reader never sees half a
/// file and two processes writing the same file (shards of a sweep rewriting comparison.md) never share a temporary.
/// A failed write (a full disk) removes its temporary and leaves the previous file as it was. The host writes every
/// output this way; plugins writing into a run's or the Output folder should too.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) => Write(path, temporary => File.WriteAllText(temporary, text));

    /// <param name="path">The file to replace.</param>
    /// <param name="write">Writes the whole content to the temporary path it is given.</param>
    public static void Write(string path, Action<string> write)
    {
        var temporary = $"{path}.{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.tmp";
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
            }
            throw;
        }
    }
}
