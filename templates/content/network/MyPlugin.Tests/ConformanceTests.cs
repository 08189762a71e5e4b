using SparsePlugins.Abstractions;
using SparsePlugins.Testing;
using static TorchSharp.torch;

namespace MyPlugin.Tests;

/// <summary>The conformance kit: [n, 5] inputs to [n, 1] outputs, sparse layers that exist, seeded initial weights.</summary>
public sealed class MyPluginConformance : NetworkConformance<MyPluginPlugin>
{
    protected override ProblemShape Shape { get; } = new([5], 1, ScalarType.Float64);
}
