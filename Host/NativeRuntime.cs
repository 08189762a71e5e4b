using System.Runtime.InteropServices;

namespace SparsePlugins.Host;

/// <summary>
/// Settings of the native runtime that must be in place before libtorch runs its first kernel.
/// </summary>
public static partial class NativeRuntime
{
    private static int _applied;

    /// <summary>
    /// Caps oneDNN (libtorch's CPU convolution library) at AVX2 unless the user chose an ISA. On this project's
    /// machines (AMD EPYC, Zen 5) libtorch 2.10's AVX-512 convolution backward intermittently returns NaN in the
    /// weight gradient of a one-channel input convolution: in 9 of 13 runs of a small darcy-cnn chain, at a random
    /// iteration, with finite inputs and parameters, with one thread too; with the cap, 0 of 6 (docs/architecture.md).
    /// The variable is read by native code, so it is set with libc's setenv (.NET's own setter does not reach it).
    /// </summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1 || !OperatingSystem.IsLinux()) return;
        try
        {
            setenv("ONEDNN_MAX_CPU_ISA", "AVX2", 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: nothing to set, and the bug was seen only there.
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
