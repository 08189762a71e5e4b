namespace SparsePlugins.Darcy;

/// <summary>
/// An exclusive lock between processes on a lock file. .NET takes an advisory <c>flock</c> for
/// <see cref="FileShare.None"/> on Unix (a share-mode lock on Windows), which the kernel releases when the holder
/// exits, even on SIGKILL, so a crashed holder never blocks the others. The lock file itself stays: deleting it while
/// another process waits on it would let two processes hold locks on two different files.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits until the lock is free, polling every <paramref name="poll"/>; calls <paramref name="waiting"/> once if it has to wait.</summary>
    public static FileLock Acquire(string path, CancellationToken cancellationToken, TimeSpan poll, Action? waiting = null)
    {
        var told = false;
        while (true)
        {
            if (TryAcquire(path) is { } held)
            {
                return held;
            }

            if (!told)
            {
                waiting?.Invoke();
                told = true;
            }

            cancellationToken.WaitHandle.WaitOne(poll);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The lock, or null when another process (or another handle in this one) holds it.</summary>
    public static FileLock? TryAcquire(string path)
    {
        try
        {
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
