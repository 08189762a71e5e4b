using SparsePlugins.Testing;

namespace MyPlugin.Tests;

/// <summary>The conformance kit: shapes [n, p] and [n, 1], float64, the same data for a seed, finite likelihood and metrics.</summary>
public sealed class MyPluginConformance : ProblemConformance<MyPluginPlugin>
{
    protected override object ProblemOptions => new MyPluginOptions { Observations = 50, TestObservations = 20 };
}
