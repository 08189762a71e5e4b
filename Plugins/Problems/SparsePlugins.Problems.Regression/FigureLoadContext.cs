using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// ScottPlot needs SkiaSharp 3.x, but TorchSharp puts SkiaSharp 2.88 into the host, and the host's plugin load
/// context hands every assembly the host has to the host's copy: ScottPlot would then fail to bind. This context
/// loads this plugin's own private dependencies (ScottPlot, SkiaSharp, HarfBuzzSharp, their natives) and a second
/// copy of this assembly to drive them, and shares everything else (framework, contracts) with the host. Only
/// strings cross the boundary (<see cref="FigureRenderer.Render"/>).
/// </summary>
public sealed class FigureLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<Func<string, string>> Entry = new(CreateEntry);
    private readonly AssemblyDependencyResolver _resolver;

    private FigureLoadContext(string pluginAssemblyPath) : base("regression-figures", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(pluginAssemblyPath);
    }

    /// <summary>Draws the figures; returns what was written, errors and any font warning.</summary>
    public static RenderResult Render(IReadOnlyList<FigureSpec> figures)
    {
        var answer = Entry.Value(JsonSerializer.Serialize(figures, FigureJson.Options));
        return JsonSerializer.Deserialize<RenderResult>(answer, FigureJson.Options) ?? new RenderResult();
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // The plugin's folder holds only its private dependencies (contracts and TorchSharp are excluded at build
        // time), so "resolvable here" is exactly "must not be taken from the host".
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static Func<string, string> CreateEntry()
    {
        var self = typeof(FigureLoadContext).Assembly.Location;
        var context = new FigureLoadContext(self);
        var copy = context.LoadFromAssemblyPath(self);
        var method = copy.GetType(typeof(FigureRenderer).FullName!)?.GetMethod(nameof(FigureRenderer.Render))
                     ?? throw new InvalidOperationException($"{nameof(FigureRenderer)}.{nameof(FigureRenderer.Render)} not found in {self}.");
        return method.CreateDelegate<Func<string, string>>();
    }
}
