using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SparsePlugins.Host.Configuration;

/// <summary>Top-level settings besides <c>Runs</c>.</summary>
public sealed class HostSettings
{
    [Description("Folders scanned for plugins; relative paths are resolved beside the host executable.")]
    public List<string> PluginDirectories { get; set; } = [];

    [Description("Folder that receives one sub-folder per run, plus the comparison table.")]
    [Required]
    public string Output { get; set; } = "runs";

    [Description("Folder for generated data sets reused across runs.")]
    public string CacheDirectory { get; set; } = "cache";
}
