using SparsePlugins.Abstractions;

namespace IncompatibleContract;

/// <summary>Loads and composes fine, but calls a contracts member the host lacks: only a load-time check finds it.</summary>
[Plugin(PluginKind.Sampler, "fixture-legacy-contract", "Calls a member of the contracts that no longer exists")]
public sealed class UsesLegacyContractPlugin : SamplerPlugin<NoOptions>
{
    protected override ISampler Create(NoOptions options, PluginContext context) =>
        throw new NotSupportedException("half of one is " + LegacyContracts.Half(1));
}
