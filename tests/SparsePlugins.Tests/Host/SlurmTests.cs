using System.Diagnostics;
using System.Text.RegularExpressions;
using SparsePlugins.Tests.Support;
using Xunit.Abstractions;

namespace SparsePlugins.Tests.Host;

/// <summary>
/// The shipped Slurm scripts on a real (single-node) Slurm: four short regression runs submitted with
/// <c>scripts/slurm/submit-sweep.sh</c> as a job array, one run per task, then the report job. The comparison it builds
/// must equal the one a single process writes for the same configuration (same seeds, same numbers; wall time aside).
/// Where Slurm cannot be started (not root, slurm-wlm not installed) the test says so in its output.
/// </summary>
public sealed partial class SlurmTests(ITestOutputHelper log)
{
    private static string Scripts => Path.Combine(TestPaths.Repository, "scripts", "slurm");

    [Fact]
    public void A_sweep_run_as_a_slurm_job_array_reports_the_numbers_of_one_process()
    {
        bool wasRunning = Shell.Run("sinfo", ["-h"], TimeSpan.FromSeconds(30)).Code == 0;
        var started = Shell.Run(Path.Combine(Scripts, "local-cluster.sh"), ["start"], TimeSpan.FromMinutes(1));
        if (started.Code != 0)
        {
            log.WriteLine($"NOT RUN: could not start a local Slurm (exit {started.Code}): {started.Error.Trim()}. " +
                          "As root: apt-get install -y slurm-wlm munge (.ci/run does).");
            return;
        }
        try
        {
            SubmitAndCompare();
        }
        finally
        {
            // Leave the machine as the test found it.
            if (!wasRunning) Shell.Run(Path.Combine(Scripts, "local-cluster.sh"), ["stop"], TimeSpan.FromMinutes(1));
        }
    }

    private void SubmitAndCompare()
    {
        using var temp = new TempDirectory();
        var runs = Enumerable.Range(0, 4).Select(k => (object)RunConfig.Regression($"r{k}", seed: 10 + k)).ToArray();
        var config = RunConfig.Write(temp, runs);
        var host = Path.Combine(AppContext.BaseDirectory, "SparsePlugins.Host.dll");

        var submit = Shell.Run(Path.Combine(Scripts, "submit-sweep.sh"), [config, temp.File("slurm"), "--cpus-per-task=1", "--mem=1G"],
            TimeSpan.FromMinutes(1), ("HOST_DLL", host));
        log.WriteLine(submit.Output + submit.Error);
        Assert.True(submit.Code == 0, submit.Error);
        var ids = JobIds().Match(submit.Output);
        Assert.True(ids.Success, submit.Output);
        Assert.Equal("4", ids.Groups["count"].Value);
        Assert.True(WaitForJobs($"{ids.Groups["array"].Value},{ids.Groups["report"].Value}", TimeSpan.FromMinutes(10)),
            "the Slurm jobs did not finish within 10 minutes");

        var single = HostRun.Invoke("run", "--config", config, "--Output=" + temp.File("single"));
        Assert.True(single.ExitCode == 0, single.Error);
        Assert.Equal(4, Directory.GetFiles(temp.File("slurm"), "slurm-*_*.out").Length);
        Assert.Equal(ComparisonFile.Numbers(temp.File("single")), ComparisonFile.Numbers(temp.File("slurm")));
    }

    private bool WaitForJobs(string ids, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var queue = Shell.Run("squeue", ["-h", "-j", ids], TimeSpan.FromSeconds(30));
            if (queue.Code == 0 && queue.Output.Trim().Length == 0) return true;
            Thread.Sleep(1000);
        }
        log.WriteLine(Shell.Run("squeue", [], TimeSpan.FromSeconds(30)).Output);
        return false;
    }

    [GeneratedRegex(@"array (?<array>\d+) \((?<count>\d+) runs\), report (?<report>\d+)")]
    private static partial Regex JobIds();
}
