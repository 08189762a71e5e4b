using System.Text.Json;
using System.Text.Json.Serialization;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Options;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// A chain's checkpoint: its <see cref="ChainState"/>, the network's state dict (parameters and buffers), the prior's
/// and the sampler's states, in one <see cref="TensorArchive"/>. Restoring it into freshly created and initialised
/// plugins continues the chain exactly where it stopped.
/// </summary>
public static class ChainCheckpoint
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string FileName(int chain) => $"chain{chain}.ckpt";

    public static void Write(string path, string configurationHash, ChainState state, ChainPlugins plugins)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var tensors = new Dictionary<string, Tensor>();
        // Plugins detach their copies from any scope: they are disposed here once written.
        var pluginStates = new List<Tensor>();
        SavePlugins(tensors, pluginStates, "", plugins);
        tensors["generator"] = state.Generator.get_state();
        if (plugins.Ladder is { } ladder) SaveLadder(tensors, pluginStates, ladder);
        if (state.Order is not null) tensors["order"] = state.Order;
        var meta = new CheckpointMeta
        {
            Format = FormatVersion,
            ConfigurationHash = configurationHash,
            Chain = state.Chain,
            Seed = state.Seed,
            Epoch = state.Epoch,
            Iteration = state.Iteration,
            BatchStart = state.BatchStart,
            EpochLoss = state.EpochLoss,
            Collected = state.Collected,
            FirstLoss = state.FirstLoss,
            Seconds = state.Seconds,
            Finished = state.Finished,
            StoppedAtBudget = state.StoppedAtBudget,
            Rows = state.Rows.Select(r => r.ToDictionary()).ToList(),
            TestLossTrace = state.TestLossTrace,
            LogJointTrace = state.LogJointTrace,
            Accumulator = state.Accumulator.Save(tensors, "accumulator/"),
            Recorder = state.Recorder.Save(tensors, "ensemble/"),
        };
        try
        {
            TensorArchive.Write(path, JsonSerializer.Serialize(meta, Json), tensors);
        }
        finally
        {
            foreach (var tensor in pluginStates) tensor.Dispose();
        }
    }

    /// <summary>
    /// Loads a checkpoint into <paramref name="state"/> and the plugins, which must have been created and initialised as
    /// for a fresh chain of the same configuration.
    /// </summary>
    public static void Restore(string path, string configurationHash, ChainState state, ChainPlugins plugins)
    {
        var (json, tensors) = TensorArchive.Read(path, "checkpoint");
        try
        {
            var meta = Meta(path, json);
            if (meta.ConfigurationHash != configurationHash)
            {
                throw new InvalidInputException($"The checkpoint '{path}' was written by another configuration (hash " +
                    $"{meta.ConfigurationHash}, now {configurationHash}): only Training:MaxMinutes, the checkpoint settings and " +
                    "logging may change between a run and its resumption. Restore the configuration, or start afresh with --overwrite.");
            }
            if (meta.Chain != state.Chain) throw Mismatch(path, $"chain {meta.Chain} where chain {state.Chain} was expected");
            LoadPlugins(path, tensors, "", plugins);
            if (plugins.Ladder is { } ladder) LoadLadder(path, tensors, ladder);
            state.Generator.set_state(tensors["generator"]);
            state.Order?.Dispose();
            state.Order = tensors.TryGetValue("order", out var order) ? order.clone().DetachFromDisposeScope() : null;
            state.Epoch = meta.Epoch;
            state.Iteration = meta.Iteration;
            state.BatchStart = meta.BatchStart;
            state.EpochLoss = meta.EpochLoss;
            state.Collected = meta.Collected;
            state.FirstLoss = meta.FirstLoss;
            state.Seconds = state.ResumedSeconds = meta.Seconds;
            state.Finished = meta.Finished;
            state.StoppedAtBudget = meta.StoppedAtBudget;
            state.Rows.Clear();
            state.Rows.AddRange(meta.Rows);
            state.TestLossTrace.Clear();
            state.TestLossTrace.AddRange(meta.TestLossTrace);
            state.LogJointTrace.Clear();
            state.LogJointTrace.AddRange(meta.LogJointTrace);
            state.Accumulator.Load(tensors, "accumulator/", meta.Accumulator);
            state.Recorder.Load(tensors, "ensemble/", meta.Recorder);
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    /// <summary>The network's state dict and the prior's and sampler's states, under <paramref name="prefix"/>.</summary>
    private static void SavePlugins(Dictionary<string, Tensor> tensors, List<Tensor> owned, string prefix, ChainPlugins plugins)
    {
        foreach (var (name, value) in plugins.Network.Module.state_dict()) tensors[prefix + "network/" + name] = value;
        Prefixed(tensors, owned, prefix + "prior/", plugins.Prior.SaveState);
        Prefixed(tensors, owned, prefix + "sampler/", plugins.Sampler.SaveState);
    }

    private static void LoadPlugins(string path, Dictionary<string, Tensor> tensors, string prefix, ChainPlugins plugins)
    {
        using (no_grad())
        {
            foreach (var (name, value) in plugins.Network.Module.state_dict())
            {
                if (!tensors.TryGetValue(prefix + "network/" + name, out var saved) || !saved.shape.SequenceEqual(value.shape))
                {
                    throw Mismatch(path, $"no tensor of the right shape for network parameter '{prefix}{name}'");
                }
                value.copy_(saved);
            }
        }
        plugins.Prior.LoadState(Unprefixed(tensors, prefix + "prior/"));
        plugins.Sampler.LoadState(Unprefixed(tensors, prefix + "sampler/"));
    }

    /// <summary>Each hot replica's plugins and generator under replica&lt;r&gt;/, the swap generator and counters.</summary>
    private static void SaveLadder(Dictionary<string, Tensor> tensors, List<Tensor> owned, ReplicaLadder ladder)
    {
        for (int r = 0; r < ladder.Hot.Count; r++)
        {
            var prefix = $"replica{r + 1}/";
            SavePlugins(tensors, owned, prefix, ladder.Hot[r].Plugins);
            tensors[prefix + "generator"] = ladder.Hot[r].Generator.get_state();
        }
        tensors["replicas/swaps"] = ladder.Swaps.get_state();
        tensors["replicas/attempts"] = tensor(ladder.Attempts);
        tensors["replicas/accepts"] = tensor(ladder.Accepts);
    }

    private static void LoadLadder(string path, Dictionary<string, Tensor> tensors, ReplicaLadder ladder)
    {
        if (!tensors.TryGetValue("replicas/attempts", out var attempts) || attempts.numel() != ladder.Hot.Count)
        {
            throw Mismatch(path, $"no state of the {ladder.Hot.Count} hot replicas of Training:Temperatures");
        }
        for (int r = 0; r < ladder.Hot.Count; r++)
        {
            var prefix = $"replica{r + 1}/";
            LoadPlugins(path, tensors, prefix, ladder.Hot[r].Plugins);
            ladder.Hot[r].Generator.set_state(tensors[prefix + "generator"]);
        }
        ladder.Swaps.set_state(tensors["replicas/swaps"]);
        attempts.data<long>().CopyTo(ladder.Attempts, 0);
        tensors["replicas/accepts"].data<long>().CopyTo(ladder.Accepts, 0);
    }

    private static CheckpointMeta Meta(string path, string json)
    {
        CheckpointMeta? meta;
        try
        {
            meta = JsonSerializer.Deserialize<CheckpointMeta>(json, Json);
        }
        catch (JsonException e)
        {
            throw Mismatch(path, "an unreadable header: " + e.Message);
        }
        if (meta is null || meta.Format != FormatVersion)
        {
            throw Mismatch(path, $"format {meta?.Format} (this host reads format {FormatVersion})");
        }
        return meta;
    }

    private static InvalidInputException Mismatch(string path, string what) => new(
        $"The checkpoint '{path}' holds {what}. Start the run afresh with --overwrite.");

    private static void Prefixed(Dictionary<string, Tensor> tensors, List<Tensor> owned, string prefix,
        Action<IDictionary<string, Tensor>> save)
    {
        var part = new Dictionary<string, Tensor>();
        save(part);
        foreach (var (key, value) in part)
        {
            tensors[prefix + key] = value;
            owned.Add(value);
        }
    }

    private static Dictionary<string, Tensor> Unprefixed(Dictionary<string, Tensor> tensors, string prefix) => tensors
        .Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
        .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    private sealed class CheckpointMeta
    {
        public int Format { get; set; }
        public string ConfigurationHash { get; set; } = "";
        public int Chain { get; set; }
        public long Seed { get; set; }
        public int Epoch { get; set; }
        public long Iteration { get; set; }
        public long BatchStart { get; set; }
        public double EpochLoss { get; set; }
        public int Collected { get; set; }
        public double? FirstLoss { get; set; }
        public double Seconds { get; set; }
        public bool Finished { get; set; }
        public bool StoppedAtBudget { get; set; }
        public List<Dictionary<string, double>> Rows { get; set; } = [];
        public List<double> TestLossTrace { get; set; } = [];
        public List<double> LogJointTrace { get; set; } = [];
        public AccumulatorCounts Accumulator { get; set; } = new(0, []);
        public RecorderCounts Recorder { get; set; } = new(0, 1, [], []);
    }
}
