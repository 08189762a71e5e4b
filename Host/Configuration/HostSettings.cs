using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SparsePlugins.Host.Configuration;

/// <summary>Top-level settings besides <c>Runs</c>.</summary>
public sealed class HostSettings
{
    [Description("Folders scanned for plugins besides the built-in plugins/ beside the host, which is always scanned first; " +
                 "relative paths are resolved beside the host executable.")]
    public List<string> PluginDirectories { get; set; } = [];

    [Description("Folder that receives one sub-folder per run, plus the comparison table.")]
    [Required]
    public string Output { get; set; } = "runs";

    [Description("What run does when a run's folder already holds outputs: Refuse (the default: stop before any run starts), " +
                 "Resume (keep completed runs, continue interrupted ones from their checkpoints) or Overwrite (delete the old " +
                 "outputs first). The command-line flags --resume and --overwrite take precedence.")]
    public ExistingRunPolicy IfRunExists { get; set; } = ExistingRunPolicy.Refuse;

    [Description("Folder for generated data sets reused across runs.")]
    public string CacheDirectory { get; set; } = "cache";

    [Description("Where tensors live: cpu (default), cuda, cuda:N, or auto (CUDA when libtorch has it). Needs a CUDA build " +
                 "of the host for anything but cpu (docs/gpu.md).")]
    public string Device { get; set; } = "cpu";
}
