using System.Diagnostics;

namespace SparsePlugins.Tests.Support;

/// <summary>The host as a child process (for what in-process runs cannot show: kills, concurrent processes).</summary>
public static class HostProcess
{
    /// <summary>Starts the host's entry assembly from the test output, which has the plugins and natives beside it.</summary>
    public static Process Start(params string[] args) => Start(null, args);

    /// <param name="log">Receives every line the child prints (stdout and stderr), when given.</param>
    public static Process Start(System.Text.StringBuilder? log, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SparsePlugins.Host.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        // Drain the pipes so a chatty child never blocks on a full one.
        void Keep(object sender, DataReceivedEventArgs line)
        {
            if (log is null || line.Data is null) return;
            lock (log) log.AppendLine(line.Data);
        }
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
