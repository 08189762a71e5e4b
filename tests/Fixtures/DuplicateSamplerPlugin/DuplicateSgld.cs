using SparsePlugins.Abstractions;

namespace DuplicateSamplerPlugin;

/// <summary>Claims the name of the real <c>sgld</c> sampler, so discovery must report the clash.</summary>
[Plugin(PluginKind.Sampler, "sgld", "An impostor with a taken name")]
public sealed class DuplicateSgld : SamplerPlugin<NoOptions>
{
    protected override ISampler Create(NoOptions options, PluginContext context) =>
        throw new NotSupportedException("fixture");
}

/// <summary>A well-formed plugin beside the duplicate: it must still load.</summary>
[Plugin(PluginKind.Sampler, "fixture-noop", "Does nothing; proves a hand-copied DLL is discovered and usable")]
public sealed class NoopSamplerPlugin : SamplerPlugin<NoOptions>
{
    protected override ISampler Create(NoOptions options, PluginContext context) => new NoopSampler();
}

public sealed class NoopSampler : ISampler
{
    public bool IsStochastic => false;

    public IReadOnlyDictionary<string, double> Diagnostics { get; } = new Dictionary<string, double>();

    public void Initialize(IReadOnlyList<NamedParameter> parameters)
    {
    }

    public void Step(SamplerStep step)
    {
    }

    public void SaveState(IDictionary<string, TorchSharp.torch.Tensor> state)
    {
    }

    public void LoadState(IReadOnlyDictionary<string, TorchSharp.torch.Tensor> state)
    {
    }
}
