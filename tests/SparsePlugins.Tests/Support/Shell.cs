using System.Diagnostics;

namespace SparsePlugins.Tests.Support;

/// <summary>A system command run to completion (mount, sbatch, squeue): its exit code and output.</summary>
public static class Shell
{
    public sealed record Result(int Code, string Output, string Error);

    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="args"/>, both pipes drained while it runs; killed with its
    /// children after <paramref name="timeout"/> (code -1). A command that does not exist gives code -1 and says so.
    /// </summary>
    public static Result Run(string file, IEnumerable<string> args, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return new Result(-1, output.Result, "timed out; " + error.Result);
            }
            return new Result(process.ExitCode, output.Result, error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new Result(-1, "", $"{file}: {e.Message}");
        }
    }
}
