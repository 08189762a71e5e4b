using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Host.Runs;

namespace SparsePlugins.Host.Commands;

/// <summary>The <c>run</c> command: validate every run first, then execute them in order, then compare.</summary>
public sealed class RunCommand(IConfiguration configuration, HostSettings settings, PluginCatalog catalog,
    RunExecutor executor, ILogger<RunCommand> logger)
{
    public int Execute(IReadOnlyList<string> selectedRuns, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var specifications = RunConfigurationReader.Read(configuration);
        if (selectedRuns.Count > 0)
        {
            var unknown = selectedRuns.Where(n => !specifications.Any(s => string.Equals(s.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
            {
                throw new UserInputException($"No run named {string.Join(", ", unknown.Select(u => $"'{u}'"))}. " +
                    $"Runs in this configuration: {string.Join(", ", specifications.Select(s => s.Name))}.");
            }
            specifications = specifications.Where(s => selectedRuns.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        }
        var runs = new RunResolver(catalog).Resolve(specifications);

        var outputRoot = Path.GetFullPath(settings.Output);
        var cache = Path.GetFullPath(settings.CacheDirectory);
        WritableOutput.Directory(outputRoot, "Output");
        WritableOutput.Directory(cache, "CacheDirectory");
        var outcomes = new List<RunOutcome>();
        var results = new List<(ResolvedRun Run, RunResult Result)>();
        var keepAlive = new List<IDisposable>();
        try
        {
            foreach (var run in runs)
            {
                var (outcome, result) = executor.Execute(run, outputRoot, cache, keepAlive, cancellation);
                outcomes.Add(outcome);
                if (result is not null) results.Add((run, result));
            }
            var table = ComparisonWriter.Write(outputRoot, outcomes);
            foreach (var group in results.GroupBy(r => r.Run.Problem.Descriptor.Name))
            {
                if (group.First().Run.Problem.Descriptor.Factory is IComparisonReporter reporter)
                {
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
            }
            output.WriteLine();
            output.Write(table);
            output.WriteLine($"Outputs in {outputRoot}");
            foreach (var failed in outcomes.Where(o => o.Status != RunStatus.Completed))
            {
                var what = failed.Status == RunStatus.InvalidInput ? "has invalid input" : failed.Status.ToString().ToLowerInvariant();
                error.WriteLine($"error: Run '{failed.Name}' {what}: {failed.Error}");
            }
        }
        finally
        {
            foreach (var d in Enumerable.Reverse(keepAlive)) d.Dispose();
        }
        if (outcomes.Any(o => o.Status == RunStatus.InvalidInput)) return HostApplication.BadInput;
        return outcomes.All(o => o.Status == RunStatus.Completed) ? HostApplication.Success : HostApplication.RunFailed;
    }
}
