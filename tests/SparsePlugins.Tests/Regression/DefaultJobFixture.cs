using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Regression;

/// <summary>
/// Runs the shipped default job (Host/appsettings.json: Section 6.1 test 1 with the four methods, fixed seeds) once
/// for every test that reads its outputs; one run of the job is ~15 s.
/// </summary>
public sealed class DefaultJobFixture : IDisposable
{
    public DefaultJobFixture()
    {
        Result = HostRun.Invoke("run", "--config", Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            $"--Output={Temp.File("out")}");
    }

    public TempDirectory Temp { get; } = new();

    public HostRun Result { get; }

    public void Dispose() => Temp.Dispose();
}
