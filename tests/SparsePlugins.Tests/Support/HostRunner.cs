using SparsePlugins.Host;

namespace SparsePlugins.Tests.Support;

/// <summary>Runs the whole program in-process, capturing what it prints.</summary>
public sealed record HostRun(int ExitCode, string Output, string Error)
{
    public static HostRun Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = HostApplication.Run(args, output, error);
        return new HostRun(code, output.ToString(), error.ToString());
    }
}

/// <summary>A temporary folder removed at dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sparseplugins-test-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class TestPaths
{
    public static string Plugins => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    /// <summary>The checkout's root (the folder holding BannedSymbols.txt), found upwards from the test output.</summary>
    public static string Repository
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "BannedSymbols.txt"))) return dir.FullName;
            }
            throw new InvalidOperationException("BannedSymbols.txt not found above " + AppContext.BaseDirectory);
        }
    }
}
