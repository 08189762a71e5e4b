using TorchSharp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Cli;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Host.Runs;

namespace SparsePlugins.Host.Commands;

/// <summary>The <c>run</c> command: validate every run first, then execute them in order, then compare.</summary>
public sealed class RunCommand(IConfiguration configuration, HostSettings settings, PluginCatalog catalog,
    RunExecutor executor, ILogger<RunCommand> logger)
{
    public int Execute(CommandLine command, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        // Every run is validated, whichever shard this process runs, so each task of an array reports a bad configuration.
        var all = new RunResolver(catalog).Resolve(Select(RunConfigurationReader.Read(configuration, RecipeBook.From(catalog)), command.RunNames));
        var runs = command.Shard.Select(all);
        if (command.Shard.Count > 1)
        {
            logger.LogInformation("Shard {Shard}: {Runs} of the {All} run(s): {Names}", command.Shard, runs.Count, all.Count,
                runs.Count == 0 ? "none (more shards than runs)" : string.Join(", ", runs.Select(r => r.Specification.Name)));
        }
        var device = DeviceSetting.Resolve(settings.Device);
        if (command.List)
        {
            foreach (var run in runs) output.WriteLine(run.Specification.Name);
            return SparsePlugins.Host.Cli.ExitCodes.Success;
        }
        var outputRoot = Path.GetFullPath(settings.Output);
        var cache = Path.GetFullPath(settings.CacheDirectory);
        // The cache first: a refused command then leaves no empty Output folder behind.
        WritableOutput.Directory(cache, "CacheDirectory");
        WritableOutput.Directory(outputRoot, "Output");
        if (device.type != DeviceType.CPU) logger.LogInformation("Device {Device}", device);
        var plans = RunFolders.Plan(runs, outputRoot, command.IfRunExists ?? settings.IfRunExists);

        var outcomes = new List<RunOutcome>();
        var results = new List<(ResolvedRun Run, RunResult Result)>();
        var keepAlive = new List<IDisposable>();
        bool interrupted = false;
        try
        {
            foreach (var plan in plans)
            {
                if (plan.Start == RunStart.Keep)
                {
                    logger.LogInformation("Run {Run}: completed earlier with this configuration; kept as it is ({Directory}).",
                        plan.Run.Specification.Name, plan.Directory);
                    continue;
                }
                var (outcome, result) = executor.Execute(plan, cache, keepAlive, cancellation);
                outcomes.Add(outcome);
                if (result is not null) results.Add((plan.Run, result));
            }
        }
        catch (OperationCanceledException)
        {
            interrupted = true;
        }
        bool compared = Report(outputRoot, results, keepAlive, output);
        // The log said it when it happened; stderr ends with one line per run that did not complete, for scripts.
        var incomplete = outcomes.Where(o => o.Status != RunStatus.Completed).ToList();
        foreach (var failed in incomplete)
        {
            error.WriteLine($"error: Run '{failed.Name}' {Word(failed.Status)}: {failed.Error}");
        }
        if (interrupted)
        {
            error.WriteLine("Interrupted: the current run wrote a checkpoint and finished runs keep their outputs. " +
                "Continue with the same command and --resume.");
            return SparsePlugins.Host.Cli.ExitCodes.Interrupted;
        }
        if (outcomes.Any(o => o.Status == RunStatus.InvalidInput)) return SparsePlugins.Host.Cli.ExitCodes.BadInput;
        return incomplete.Count == 0 && compared ? SparsePlugins.Host.Cli.ExitCodes.Success : SparsePlugins.Host.Cli.ExitCodes.RunFailed;
    }

    private static string Word(RunStatus status) =>
        status == RunStatus.InvalidInput ? "has invalid input" : status.ToString().ToLowerInvariant();

    /// <summary>Writes and prints the comparison; false when it could not be written (the runs' own folders are intact).</summary>
    private bool Report(string outputRoot, List<(ResolvedRun Run, RunResult Result)> results, List<IDisposable> keepAlive,
        TextWriter output)
    {
        try
        {
            var table = Compare(outputRoot, results);
            output.WriteLine();
            output.Write(table);
            output.WriteLine($"Outputs in {outputRoot}");
            return true;
        }
        catch (IOException e)
        {
            logger.LogError("Could not write the comparison in {Directory}: {Message} `report --output {Directory}` rebuilds it.",
                outputRoot, FailureText.Describe(e), outputRoot);
            return false;
        }
        finally
        {
            foreach (var d in Enumerable.Reverse(keepAlive)) d.Dispose();
        }
    }

    private static IReadOnlyList<RunSpecification> Select(IReadOnlyList<RunSpecification> specifications, IReadOnlyList<string> names)
    {
        if (names.Count == 0) return specifications;
        var unknown = names.Where(n => !specifications.Any(s => string.Equals(s.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException($"No run named {string.Join(", ", unknown.Select(u => $"'{u}'"))}. " +
                $"Runs in this configuration: {string.Join(", ", specifications.Select(s => s.Name))}.");
        }
        return specifications.Where(s => names.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>
    /// comparison.md/.csv over every run folder in the output (not only this command's runs), then each problem's own
    /// comparison outputs for the runs this command finished.
    /// </summary>
    private string Compare(string outputRoot, List<(ResolvedRun Run, RunResult Result)> results)
    {
        var table = ComparisonWriter.Write(outputRoot, RunFolderScan.Outcomes(outputRoot));
        foreach (var group in results.GroupBy(r => r.Run.Problem.Descriptor.Name))
        {
            if (group.First().Run.Problem.Descriptor.Factory is not IComparisonReporter reporter) continue;
            try
            {
                var written = reporter.Compare(group.Select(g => g.Result).ToList(), outputRoot);
                table = ComparisonWriter.Append(outputRoot, written.Where(p => p.EndsWith(".md", StringComparison.OrdinalIgnoreCase)));
            }
            catch (Exception e)
            {
                logger.LogError("Comparison outputs of problem {Problem} failed: {Message}", group.Key, e.Message);
            }
        }
        return table;
    }
}
