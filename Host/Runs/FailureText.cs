namespace SparsePlugins.Host.Runs;

/// <summary>A failure's message for a user, with the fix where the cause is one a user can act on.</summary>
public static class FailureText
{
    // ENOSPC on Linux; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    private static readonly int[] DiskFullCodes = [28, unchecked((int)0x80070070), unchecked((int)0x80070027)];

    public static string Describe(Exception e) => IsDiskFull(e)
        ? e.Message + " The disk is full: free space (or set Output to another disk), then continue with `run --resume`."
        : e.Message;

    public static bool IsDiskFull(Exception e) => e is IOException io && (DiskFullCodes.Contains(io.HResult)
        || io.Message.Contains("No space left on device", StringComparison.Ordinal)
        || io.Message.Contains("disk was full", StringComparison.Ordinal));
}
