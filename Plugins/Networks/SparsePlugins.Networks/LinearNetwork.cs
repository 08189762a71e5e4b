using System.ComponentModel;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Networks;

public sealed class LinearOptions
{
    [Description("Add an intercept (a dense bias) to y = X b.")]
    public bool Intercept { get; set; }
}

/// <summary>y = X b (+ c): the regression model of Section 6.1, whose weight vector is the sparse layer.</summary>
[Plugin(PluginKind.Network, "linear", "Linear model y = X b (+ intercept); the weights form the sparse layer", OptionsType = typeof(LinearOptions))]
public sealed class LinearPlugin : NetworkPlugin<LinearOptions>
{
    protected override INetwork Create(LinearOptions options, PluginContext context)
    {
        var shape = context.Shape ?? throw new InvalidOperationException("The linear network needs the problem's shape.");
        long inputs = shape.InputShape.Aggregate(1L, (a, b) => a * b);
        var module = new LinearModel(inputs, shape.OutputSize, options.Intercept);
        return new Network(module, ["weight"]);
    }
}

public sealed class LinearModel : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter weight;
    private readonly TorchSharp.Modules.Parameter? bias;

    public LinearModel(long inputs, long outputs, bool intercept) : base("linear")
    {
        // Zero start: for small-n-large-p regression any random start only adds transient noise to the chain.
        weight = new TorchSharp.Modules.Parameter(zeros(outputs, inputs));
        if (intercept) bias = new TorchSharp.Modules.Parameter(zeros(outputs));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var flat = input.flatten(1);
        var y = flat.matmul(weight.t());
        return bias is null ? y : y.Plus(bias);
    }
}
