using SparsePlugins.Testing;

namespace MyPlugin.Tests;

/// <summary>The conformance kit: the gradient matches finite differences of LogDensity, checkpoints restore.</summary>
public sealed class MyPluginConformance : PriorConformance<MyPluginPlugin>;
