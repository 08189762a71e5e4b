using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;

namespace SparsePlugins.Host.Runs;

/// <summary>Finds each run's plugins and binds their options, collecting every error of every run before any work.</summary>
public sealed class RunResolver(PluginCatalog catalog)
{
    public IReadOnlyList<ResolvedRun> Resolve(IReadOnlyList<RunSpecification> runs)
    {
        var errors = new List<string>();
        var resolved = new List<ResolvedRun>();
        foreach (var run in runs)
        {
            var runErrors = new List<string>();
            var problem = Bind(run, PluginKind.Problem, run.Problem, runErrors);
            var network = Bind(run, PluginKind.Network, run.Network, runErrors);
            var prior = Bind(run, PluginKind.Prior, run.Prior, runErrors);
            var sampler = Bind(run, PluginKind.Sampler, run.Sampler, runErrors);
            if (runErrors.Count > 0)
            {
                errors.AddRange(runErrors);
                continue;
            }
            resolved.Add(new ResolvedRun(run, problem!, network!, prior!, sampler!));
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(string.Join("\n", errors));
        }
        return resolved;
    }

    public PluginDescriptor Find(PluginKind kind, string name)
    {
        var descriptor = catalog.Find(kind, name);
        var kindWord = kind.ToString().ToLowerInvariant();
        if (catalog.ProblemWith(kind, name) is { } problem)
        {
            throw new InvalidInputException($"The {kindWord} plugin '{name}' in {problem.SourceFile} is {problem.State}: {problem.Message}");
        }
        if (descriptor is null)
        {
            var available = catalog.OfKind(kind).Select(p => p.Name).ToList();
            throw new InvalidInputException($"Unknown {kindWord} plugin '{name}'. Available {kindWord} plugins: " +
                (available.Count == 0 ? "none (is the plugin folder empty? see `plugins`)" : string.Join(", ", available)) + ".");
        }
        return descriptor;
    }

    private BoundPlugin? Bind(RunSpecification run, PluginKind kind, PluginSelection selection, List<string> errors)
    {
        try
        {
            var descriptor = Find(kind, selection.Name);
            var options = OptionsBinder.Bind(descriptor.OptionsType,
                $"options of {kind.ToString().ToLowerInvariant()} '{descriptor.Name}' in run '{run.Name}'",
                selection.Options);
            return new BoundPlugin(descriptor, options);
        }
        catch (InvalidInputException e)
        {
            errors.Add($"Run '{run.Name}': {e.Message}");
            return null;
        }
    }
}
