using System.Reflection;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Plugins;

/// <summary>
/// Finds plugin assemblies, loads each in its own context, checks it and composes its exports. Every file and every
/// export gets a <see cref="PluginLoadStatus"/>; a broken export is quarantined alone, a broken file never stops
/// the others from loading.
/// </summary>
public sealed class PluginCatalog
{
    private readonly List<PluginDescriptor> _plugins = [];
    private readonly List<PluginLoadStatus> _statuses = [];
    private readonly ILogger _logger;

    public PluginCatalog(ILogger<PluginCatalog> logger) => _logger = logger;

    public IReadOnlyList<PluginDescriptor> Plugins => _plugins;

    /// <summary>Every load outcome in discovery order: one per export, or one per file that could not be read that far.</summary>
    public IReadOnlyList<PluginLoadStatus> Statuses => _statuses;

    /// <summary>The outcomes a user must act on (every state but Active and NoExports).</summary>
    public IEnumerable<PluginLoadStatus> Problems => _statuses.Where(s => s.IsProblem);

    /// <summary>The first problem recorded for a plugin of this kind and name (a duplicate, a failed constructor, ...), or null.</summary>
    public PluginLoadStatus? ProblemWith(PluginKind kind, string name) =>
        _statuses.FirstOrDefault(s => s.IsProblem && s.Concerns(kind, name));

    /// <summary>Scans each directory: every subfolder is one plugin (main assembly named like the folder, or every
    /// assembly in it), and loose DLLs directly in the directory are plugins of their own.</summary>
    public void Discover(IEnumerable<string> directories)
    {
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                _logger.LogWarning("Plugin directory {Directory} does not exist; skipped", directory);
                continue;
            }
            foreach (var dll in Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal))
            {
                LoadAssemblyFile(dll);
            }
            foreach (var folder in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
            {
                DiscoverFolder(folder);
            }
        }
    }

    /// <summary>Adds the exports of an assembly that is already loaded (tests, built-in plugins).</summary>
    public void AddAssembly(Assembly assembly) => Compose(assembly, assembly.Location);

    public PluginDescriptor? Find(PluginKind kind, string name) =>
        _plugins.FirstOrDefault(p => p.Kind == kind && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<PluginDescriptor> OfKind(PluginKind kind) =>
        _plugins.Where(p => p.Kind == kind).OrderBy(p => p.Name, StringComparer.Ordinal);

    private void DiscoverFolder(string folder)
    {
        var main = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
        var candidates = File.Exists(main)
            ? [main]
            : Directory.EnumerateFiles(folder, "*.dll")
                .Where(f => !PluginLoadContext.IsHostAssembly(Path.GetFileNameWithoutExtension(f)))
                .Order(StringComparer.Ordinal).ToArray();
        if (candidates.Length == 0)
        {
            Record(new(PluginLoadState.NotAPlugin, folder, null, null,
                "holds no plugin assembly (expected " + Path.GetFileName(main) + ")"));
        }
        foreach (var candidate in candidates)
        {
            LoadAssemblyFile(candidate);
        }
    }

    private void LoadAssemblyFile(string path)
    {
        if (PluginFileCheck.Check(path) is { } problem)
        {
            Record(new(problem.State, path, null, null, problem.Message));
            return;
        }
        try
        {
            var fullPath = Path.GetFullPath(path);
            var context = new PluginLoadContext(fullPath);
            var assembly = context.LoadFromAssemblyPath(fullPath);
            if ((DependencyCheck.Check(context, assembly) ?? ContractCheck.Check(assembly, path)) is { } unusable)
            {
                Record(new(unusable.State, path, null, null, unusable.Message));
                return;
            }
            Compose(assembly, path);
        }
        catch (Exception e)
        {
            Record(new(PluginLoadState.NotAPlugin, path, null, null, "could not be loaded: " + LoadFailure.Flatten(e)));
        }
    }

    private void Compose(Assembly assembly, string source)
    {
        ExportReading reading;
        try
        {
            reading = ExportReader.Read(assembly, source);
        }
        catch (Exception e)
        {
            Record(new(PluginLoadState.Malformed, source, null, null, "could not be composed: " + LoadFailure.Flatten(e)));
            return;
        }
        foreach (var plugin in reading.Plugins) Accept(plugin);
        foreach (var problem in reading.Problems) Record(problem);
        if (reading.Plugins.Count == 0 && reading.Problems.Count == 0)
        {
            Record(new(PluginLoadState.NoExports, source, null, null, "loaded, but exports no plugins"));
        }
    }

    /// <summary>The first plugin of a kind and name wins; a later one is a duplicate that names both files.</summary>
    private void Accept(PluginDescriptor plugin)
    {
        if (Find(plugin.Kind, plugin.Name) is { } existing)
        {
            Record(new(PluginLoadState.Duplicate, plugin.SourceFile, plugin.Kind, plugin.Name,
                $"Two {plugin.Kind.ToString().ToLowerInvariant()} plugins are named '{plugin.Name}': " +
                $"{existing.SourceFile} and {plugin.SourceFile}. Remove one of the files or rename one plugin."));
            return;
        }
        _plugins.Add(plugin);
        Record(new(PluginLoadState.Active, plugin.SourceFile, plugin.Kind, plugin.Name, "loaded"));
    }

    private void Record(PluginLoadStatus status)
    {
        _statuses.Add(status);
        if (status.IsProblem) _logger.LogWarning("Plugin quarantined: {Status}", status.ToString());
    }
}
