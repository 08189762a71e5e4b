using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SparsePlugins.Host.Runs;

/// <summary>A resolved run as the configuration file <c>config.json</c> (every option spelled out) and its hash.</summary>
public static class RunConfigurationJson
{
    /// <summary>Settings that may change between a run and its resumption: they decide when it stops or what it logs,
    /// not what a step computes, so they are left out of the hash.</summary>
    private static readonly string[] Unhashed = ["MaxMinutes", "CheckpointEvery", "CheckpointMinutes", "LogEverySeconds"];

    /// <summary>The run as a configuration file that <c>run --config</c> accepts.</summary>
    public static object Document(ResolvedRun run)
    {
        object Plugin(BoundPlugin p) => new Dictionary<string, object?> { ["Name"] = p.Descriptor.Name, ["Options"] = p.Options };
        var spec = run.Specification;
        var resolved = new Dictionary<string, object?>
        {
            ["Name"] = spec.Name,
            ["Seed"] = spec.Seed,
            ["Method"] = spec.Method,
            ["Problem"] = Plugin(run.Problem),
            ["Network"] = Plugin(run.Network),
            ["Prior"] = Plugin(run.Prior),
            ["Sampler"] = Plugin(run.Sampler),
            ["Training"] = spec.Training,
        };
        return new Dictionary<string, object?>
        {
            ["Runs"] = new[] { resolved },
            ["PluginVersions"] = new[] { run.Problem, run.Network, run.Prior, run.Sampler }
                .ToDictionary(p => $"{p.Descriptor.Kind}:{p.Descriptor.Name}", p => p.Descriptor.Version),
            [SourcesKey] = ResolvedSources.Of(JsonSerializer.SerializeToNode(resolved, JsonOutput.ConfigurationOptions)!, spec.Sources),
        };
    }

    /// <summary>Where each value came from: provenance, not part of what a step computes, so not hashed either.</summary>
    public const string SourcesKey = "Sources";

    /// <summary>16 hex digits of the SHA-256 of the document, without the settings a resumption may change.</summary>
    public static string Hash(ResolvedRun run)
    {
        var node = JsonSerializer.SerializeToNode(Document(run), JsonOutput.ConfigurationOptions)!;
        node.AsObject().Remove(SourcesKey);
        var training = node["Runs"]![0]!["Training"]!.AsObject();
        foreach (var key in Unhashed) training.Remove(key);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString()));
        return Convert.ToHexString(bytes, 0, 8).ToLowerInvariant();
    }

    public static string OptionsJson(object options) => JsonSerializer.Serialize(options, options.GetType(), JsonOutput.ConfigurationOptions);
}
