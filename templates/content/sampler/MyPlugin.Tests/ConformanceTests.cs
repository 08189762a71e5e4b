using SparsePlugins.Testing;

namespace MyPlugin.Tests;

/// <summary>
/// The conformance kit: the sampler samples a correlated and an ill-conditioned Gaussian with the right moments and
/// continues exactly after a checkpoint. The step sizes follow the advice on SamplerConformance's options.
/// </summary>
public sealed class MyPluginConformance : SamplerConformance<MyPluginPlugin>
{
    protected override object CorrelatedOptions => new MyPluginOptions { StepSize = 0.02 };

    protected override object IllConditionedOptions => new MyPluginOptions { StepSize = 1e-5 };
}
