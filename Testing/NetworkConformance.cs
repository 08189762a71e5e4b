using System.Text.RegularExpressions;
using SparsePlugins.Abstractions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SparsePlugins.Testing;

/// <summary>
/// Conformance of a network plugin for a problem's shape: after the host's conversion to the problem's DType it maps
/// a batch [n, ...InputShape] to [n, OutputSize], every sparse-layer pattern names parameters it has, gradients reach
/// every parameter, and the same seed gives the same initial parameters.
/// </summary>
public abstract class NetworkConformance : PluginConformance<INetwork>
{
    protected sealed override PluginKind Kind => PluginKind.Network;

    /// <summary>The shape of the problem the network is for (what the host passes in <see cref="PluginContext.Shape"/>).</summary>
    protected abstract ProblemShape Shape { get; }

    protected virtual object NetworkOptions => CreateOptions();

    /// <summary>The network as the host prepares it: created with the problem's shape and converted to its DType.</summary>
    protected INetwork CreateNetwork(long seed = 1)
    {
        var network = Create(NetworkOptions, seed, Shape);
        network.Module.to(Shape.DType);
        return network;
    }

    [Fact]
    public void Maps_a_batch_of_the_problems_input_shape_to_n_by_output_size()
    {
        var network = CreateNetwork();
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        long[] batch = [5, .. Shape.InputShape];
        var x = randn(batch, Shape.DType, generator: g);
        network.Module.eval();
        using (no_grad())
        {
            var y = network.Module.forward(x);
            Assert.True(y.shape.SequenceEqual(new[] { 5L, Shape.OutputSize }), $"input {Text(batch)} gave {Text(y.shape)}, not [5, {Shape.OutputSize}]");
            Assert.Equal(Shape.DType, y.dtype);
            Assert.True(AllFinite(y), "the output is not finite");
        }
        network.Module.train();
        var loss = network.Module.forward(x).Squared().sum();
        loss.backward();
        foreach (var (name, parameter) in network.Module.named_parameters())
        {
            Assert.True(parameter.grad is not null, $"no gradient reaches {name}: the host would sample it from the prior alone");
            Assert.True(AllFinite(parameter.grad!), $"the gradient of {name} is not finite");
        }
    }

    [Fact]
    public void Sparse_layers_name_existing_parameters()
    {
        var network = CreateNetwork();
        var names = network.Module.named_parameters().Select(p => p.name).ToList();
        Assert.NotEmpty(names);
        foreach (var pattern in network.SparseLayers)
        {
            var regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$");
            Assert.True(names.Any(regex.IsMatch), $"sparse-layer pattern '{pattern}' matches none of the parameters [{string.Join(", ", names)}]");
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_initial_parameters()
    {
        var a = CreateNetwork(seed: 9).Module.named_parameters().ToList();
        var b = CreateNetwork(seed: 9).Module.named_parameters().ToList();
        Assert.Equal(a.Select(p => p.name), b.Select(p => p.name));
        for (int i = 0; i < a.Count; i++)
        {
            Assert.True(Identical(a[i].parameter, b[i].parameter), $"{a[i].name} differs between two networks created with seed 9");
        }
    }
}

/// <summary>The conformance of <typeparamref name="TPlugin"/>, created as the host does (parameterless).</summary>
public abstract class NetworkConformance<TPlugin> : NetworkConformance
    where TPlugin : INetworkPlugin, new()
{
    protected override IPluginFactory<INetwork> Factory { get; } = new TPlugin();
}
