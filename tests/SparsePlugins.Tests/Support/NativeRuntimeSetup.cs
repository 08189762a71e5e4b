using System.Runtime.CompilerServices;

namespace SparsePlugins.Tests.Support;

internal static class NativeRuntimeSetup
{
    // Tests call libtorch directly too, before any host code runs: apply the host's native settings first.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => SparsePlugins.Host.NativeRuntime.Apply();
}
