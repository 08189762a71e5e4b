using System.Composition;
using System.Composition.Hosting;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Plugins;

/// <summary>
/// Finds plugin assemblies, loads each in its own context, validates it and composes its exports. A broken
/// assembly is quarantined with a readable reason; it never stops the others from loading.
/// </summary>
public sealed partial class PluginCatalog
{
    private static readonly string AbstractionsName = typeof(PluginAttribute).Assembly.GetName().Name!;
    private static readonly Version AbstractionsVersion = typeof(PluginAttribute).Assembly.GetName().Version!;

    private readonly List<PluginDescriptor> _plugins = [];
    private readonly List<PluginLoadStatus> _statuses = [];
    private readonly List<string> _duplicates = [];
    private readonly List<string> _unusable = [];
    private readonly ILogger _logger;

    public PluginCatalog(ILogger<PluginCatalog> logger) => _logger = logger;

    public IReadOnlyList<PluginDescriptor> Plugins => _plugins;

    public IReadOnlyList<PluginLoadStatus> Statuses => _statuses;

    /// <summary>One message per plugin name defined by more than one file.</summary>
    public IReadOnlyList<string> DuplicateErrors => _duplicates;

    /// <summary>One message per exported plugin that could not be created (its constructor threw); its assembly's other plugins load.</summary>
    public IReadOnlyList<string> UnusableErrors => _unusable;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

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
                var main = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
                var candidates = File.Exists(main)
                    ? [main]
                    : Directory.EnumerateFiles(folder, "*.dll")
                        .Where(f => !PluginLoadContext.IsHostAssembly(Path.GetFileNameWithoutExtension(f)))
                        .Order(StringComparer.Ordinal).ToArray();
                if (candidates.Length == 0)
                {
                    Quarantine(folder, "holds no plugin assembly (expected " + Path.GetFileName(main) + ")");
                }
                foreach (var candidate in candidates)
                {
                    LoadAssemblyFile(candidate);
                }
            }
        }
    }

    /// <summary>Adds the exports of an assembly that is already loaded (tests, built-in plugins).</summary>
    public void AddAssembly(Assembly assembly) => Compose(assembly, assembly.Location);

    public PluginDescriptor? Find(PluginKind kind, string name) =>
        _plugins.FirstOrDefault(p => p.Kind == kind && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<PluginDescriptor> OfKind(PluginKind kind) =>
        _plugins.Where(p => p.Kind == kind).OrderBy(p => p.Name, StringComparer.Ordinal);

    private void LoadAssemblyFile(string path)
    {
        if (ValidateFile(path) is { } problem)
        {
            Quarantine(path, problem);
            return;
        }
        try
        {
            var context = new PluginLoadContext(Path.GetFullPath(path));
            var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
            if (MissingDependencies(context, assembly) is { Count: > 0 } missing)
            {
                Quarantine(path, $"needs {string.Join(", ", missing)}, found neither in the plugin's folder nor in the host; " +
                                 "copy the plugin's whole build output (with its .deps.json) into the folder");
                return;
            }
            Compose(assembly, path);
        }
        catch (Exception e)
        {
            Quarantine(path, "could not be loaded: " + Flatten(e));
        }
    }

    /// <summary>Resolves every assembly the plugin references, so a missing one is reported now, not mid-run.</summary>
    private static List<string> MissingDependencies(PluginLoadContext context, Assembly assembly)
    {
        var missing = new List<string>();
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            try
            {
                context.LoadFromAssemblyName(reference);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                missing.Add($"{reference.Name} {reference.Version}");
            }
        }
        return missing;
    }

    /// <summary>Reads the file's metadata without loading it: is it a .NET assembly built against our contracts?</summary>
    private static string? ValidateFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return "is not a .NET assembly (no metadata); remove it from the plugin folder";
            }
            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return "is a .NET module, not an assembly";
            }
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                if (reader.GetString(reference.Name) != AbstractionsName) continue;
                if (reference.Version.Major != AbstractionsVersion.Major)
                {
                    return $"was built against {AbstractionsName} {reference.Version}, but the host has " +
                           $"{AbstractionsVersion}; rebuild the plugin against this version";
                }
                return null;
            }
            return $"does not reference {AbstractionsName}, so it cannot contain plugins";
        }
        catch (BadImageFormatException e)
        {
            return "is corrupt or not a .NET assembly: " + e.Message;
        }
        catch (IOException e)
        {
            return "could not be read: " + e.Message;
        }
    }

    private void Compose(Assembly assembly, string source)
    {
        Composition composed;
        try
        {
            composed = ComposeExports(assembly, source);
        }
        catch (ReflectionTypeLoadException e)
        {
            Quarantine(source, "has types that cannot be loaded: " +
                string.Join("; ", e.LoaderExceptions.Where(x => x is not null).Select(x => x!.Message).Distinct().Take(3)));
            return;
        }
        catch (Exception e)
        {
            Quarantine(source, "could not be composed: " + Flatten(e));
            return;
        }

        var accepted = composed.Plugins.Count(Accept);
        foreach (var failure in composed.Failures)
        {
            _unusable.Add(failure);
            _logger.LogError("{Message}", failure);
        }
        var message = composed.Plugins.Count == 0 && composed.Failures.Count == 0
            ? "loaded, but exports no plugins"
            : $"loaded {accepted} plugin(s)" + (composed.Failures.Count == 0 ? "" : $"; {composed.Failures.Count} could not be created");
        _statuses.Add(new PluginLoadStatus(source, PluginLoadState.Loaded, message, accepted));
    }

    private bool Accept(PluginDescriptor plugin)
    {
        if (Find(plugin.Kind, plugin.Name) is { } existing)
        {
            var message = $"Two {plugin.Kind.ToString().ToLowerInvariant()} plugins are named '{plugin.Name}': " +
                          $"{existing.SourceFile} and {plugin.SourceFile}. Remove one of the files or rename one plugin.";
            _duplicates.Add(message);
            _logger.LogError("{Message}", message);
            return false;
        }
        _plugins.Add(plugin);
        return true;
    }

    /// <summary>An assembly's plugins, and one message for each export whose constructor threw.</summary>
    private sealed record Composition(List<PluginDescriptor> Plugins, List<string> Failures);

    private static Composition ComposeExports(Assembly assembly, string source)
    {
        // GetTypes first so a missing dependency surfaces as ReflectionTypeLoadException with the loader's reasons.
        _ = assembly.GetTypes();
        using var container = new ContainerConfiguration().WithAssembly(assembly).CreateContainer();
        var result = new Composition([], []);
        Describe<ISamplerPlugin>(container, source, result);
        Describe<IPriorPlugin>(container, source, result);
        Describe<IProblemPlugin>(container, source, result);
        Describe<INetworkPlugin>(container, source, result);
        return result;
    }

    private static void Describe<TContract>(CompositionHost container, string source, Composition result)
    {
        foreach (var export in container.GetExports<Lazy<TContract, IDictionary<string, object>>>())
        {
            var metadata = export.Metadata;
            string Text(string key) => metadata.TryGetValue(key, out var v) && v is string s ? s : "";
            var name = Text(nameof(PluginAttribute.Name));
            if (!KebabCase().IsMatch(name))
            {
                throw new InvalidDataException($"plugin name '{name}' is not kebab-case (lower-case words joined by '-')");
            }
            if (!metadata.TryGetValue(nameof(PluginAttribute.Kind), out var kindValue) || kindValue is not PluginKind kind)
            {
                throw new InvalidDataException($"plugin '{name}' has no kind; export it with a kind-specific attribute");
            }
            var optionsType = metadata.TryGetValue(nameof(PluginAttribute.OptionsType), out var o) && o is Type t
                ? t
                : typeof(NoOptions);
            if (optionsType.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new InvalidDataException($"options class {optionsType.Name} of plugin '{name}' needs a parameterless constructor");
            }
            if (Create(export, kind, name, source, result.Failures) is { } factory)
            {
                result.Plugins.Add(new PluginDescriptor(kind, name, Text(nameof(PluginAttribute.Version)),
                    Text(nameof(PluginAttribute.Description)), optionsType, source, factory));
            }
        }
    }

    /// <summary>The export's instance, or null (and a message naming the plugin, its file and the cause) when its constructor throws.</summary>
    private static object? Create<TContract>(Lazy<TContract, IDictionary<string, object>> export, PluginKind kind, string name,
        string source, List<string> failures)
    {
        try
        {
            return export.Value;
        }
        catch (Exception e)
        {
            failures.Add($"The {kind.ToString().ToLowerInvariant()} plugin '{name}' in {source} could not be created: " +
                         $"{Flatten(e)}. Fix its constructor or remove the file; the file's other plugins are loaded.");
            return null;
        }
    }

    private void Quarantine(string source, string reason)
    {
        _statuses.Add(new PluginLoadStatus(source, PluginLoadState.Quarantined, reason, 0));
        _logger.LogWarning("Plugin {Source} quarantined: {Reason}", source, reason);
    }

    private static string Flatten(Exception e) =>
        e.InnerException is null ? e.Message : e.Message + " -> " + Flatten(e.InnerException);
}
