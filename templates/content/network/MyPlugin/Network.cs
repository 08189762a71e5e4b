using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace MyPlugin;

public sealed class MyPluginOptions
{
    [Description("Width of the hidden layer.")]
    [Range(1, 100_000)]
    public int Hidden { get; set; } = 32;
}

[Plugin(PluginKind.Network, "my-network", "One-hidden-layer tanh MLP; both weight matrices are sparse layers (template)", OptionsType = typeof(MyPluginOptions))]
public sealed class MyPluginPlugin : NetworkPlugin<MyPluginOptions>
{
    protected override INetwork Create(MyPluginOptions options, PluginContext context)
    {
        var shape = context.Shape ?? throw new InvalidOperationException("my-network needs the problem's shape.");
        long inputs = shape.InputShape.Aggregate(1L, (a, b) => a * b);
        // Initial weights from the chain's seed (the host converts the module to the problem's dtype and device).
        manual_seed(context.Seed);
        return new Network(new MyPluginModule(inputs, options.Hidden, shape.OutputSize), ["fc1.weight", "fc2.weight"]);
    }
}

public sealed class MyPluginModule : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Linear fc1;
    private readonly TorchSharp.Modules.Linear fc2;

    public MyPluginModule(long inputs, long hidden, long outputs) : base("my-network")
    {
        fc1 = nn.Linear(inputs, hidden);
        fc2 = nn.Linear(hidden, outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return fc2.forward(fc1.forward(input.flatten(1)).tanh()).MoveToOuterDisposeScope();
    }
}
