using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SparsePlugins.Abstractions;

/// <summary>What the host tells a plugin when it creates a product.</summary>
public sealed class PluginContext
{
    /// <summary>Seed of this product; different per chain. Use it for every random draw.</summary>
    public required long Seed { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Folder for caches shared by runs (datasets); created on demand.</summary>
    public string CacheDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "sparseplugins-cache");

    /// <summary>Folder of the current run's outputs, when there is one.</summary>
    public string? RunDirectory { get; init; }

    /// <summary>The problem's shape; set when a network is created.</summary>
    public ProblemShape? Shape { get; init; }

    /// <summary>Progress of long work (dataset generation); null when nobody listens.</summary>
    public IProgress<ProgressReport>? Progress { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Where the run's tensors live (the host's <c>Device</c> setting). A problem creates its data sets on it; the host
    /// moves networks to it and gives samplers and priors parameters that are on it, so their state must follow the
    /// parameters' device (<c>zeros_like</c>, <c>device: parameter.device</c>), never the CPU by default.
    /// </summary>
    public TorchSharp.torch.Device Device { get; init; } = TorchSharp.torch.CPU;
}

/// <summary>A progress report: <paramref name="Done"/> of <paramref name="Total"/> items of <paramref name="Task"/>.</summary>
public readonly record struct ProgressReport(string Task, long Done, long Total);
