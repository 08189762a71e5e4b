using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Networks;

public sealed class DarcyCnnOptions
{
    [Description("Channels of the first 3x3 convolution on the permeability field (paper: 64).")]
    [Range(1, 4096)]
    public int Conv1Channels { get; set; } = 64;

    [Description("Channels of the second 3x3 convolution (paper: 32).")]
    [Range(1, 4096)]
    public int Conv2Channels { get; set; } = 32;

    [Description("Side of the coarse square the first dense layer maps to (dense CoarseSide^2 = 100 in the paper, reshaped 10x10).")]
    [Range(1, 1024)]
    public int CoarseSide { get; set; } = 10;

    [Description("Channels of the first coarse-level 3x3 convolution (not given in the paper; 16 gives ~7.39 M parameters).")]
    [Range(1, 4096)]
    public int Conv3Channels { get; set; } = 16;

    [Description("Channels of the second coarse-level 3x3 convolution (not given in the paper).")]
    [Range(1, 4096)]
    public int Conv4Channels { get; set; } = 16;

    [Description("Width of the dense layer before the output layer (paper: 800).")]
    [Range(1, 1_000_000)]
    public int Hidden { get; set; } = 800;
}

/// <summary>
/// The Section 6.2 network (ERRATA point 13): conv3x3 (64) - conv3x3 (32) - 2x2 average pooling - flatten -
/// dense (100) - reshape 10x10 - conv3x3 (16) - conv3x3 (16) - flatten - dense (800) - dense (outputs, 5100 for the
/// 50x50 RT0 velocity). ReLU between layers, linear output. Its dense weights are the proposed sparse layers.
/// </summary>
[Plugin(PluginKind.Network, "darcy-cnn", "Section 6.2 CNN from permeability to velocity; the dense weights form the sparse layers",
    OptionsType = typeof(DarcyCnnOptions))]
public sealed class DarcyCnnPlugin : NetworkPlugin<DarcyCnnOptions>
{
    protected override INetwork Create(DarcyCnnOptions options, PluginContext context)
    {
        var shape = context.Shape ?? throw new InvalidOperationException("The darcy-cnn network needs the problem's shape.");
        var (height, width) = shape.InputShape switch
        {
            [var h, var w] => (h, w),
            [1, var h, var w] => (h, w),
            _ => throw new InvalidInputException(
                $"darcy-cnn expects one-channel 2-D inputs ([H, W] or [1, H, W]), got [{string.Join(", ", shape.InputShape)}] " +
                "from the problem. Use it with a Darcy problem (kle-darcy, channelized-darcy), or choose a network for this " +
                "problem's inputs (e.g. linear)."),
        };
        if (context.Seed != 0) manual_seed(context.Seed);
        var module = new DarcyCnn(options, height, width, shape.OutputSize);
        if (shape.DType != ScalarType.Float32) module.to(shape.DType);
        return new Network(module, DarcyCnn.DenseWeights);
    }
}

public sealed class DarcyCnn : nn.Module<Tensor, Tensor>
{
    /// <summary>The sparse layers the network proposes: the weights of its three dense layers.</summary>
    public static readonly IReadOnlyList<string> DenseWeights = ["fc1.weight", "fc2.weight", "fc3.weight"];

    private readonly long _height;
    private readonly long _width;
    private readonly int _side;
    private readonly TorchSharp.Modules.Conv2d conv1;
    private readonly TorchSharp.Modules.Conv2d conv2;
    private readonly TorchSharp.Modules.AvgPool2d pool;
    private readonly TorchSharp.Modules.Linear fc1;
    private readonly TorchSharp.Modules.Conv2d conv3;
    private readonly TorchSharp.Modules.Conv2d conv4;
    private readonly TorchSharp.Modules.Linear fc2;
    private readonly TorchSharp.Modules.Linear fc3;

    public DarcyCnn(DarcyCnnOptions options, long height, long width, long outputs) : base("darcy-cnn")
    {
        _height = height;
        _width = width;
        _side = options.CoarseSide;
        conv1 = nn.Conv2d(1, options.Conv1Channels, 3, padding: 1);
        conv2 = nn.Conv2d(options.Conv1Channels, options.Conv2Channels, 3, padding: 1);
        pool = nn.AvgPool2d(2);
        fc1 = nn.Linear(options.Conv2Channels * (height / 2) * (width / 2), (long)_side * _side);
        conv3 = nn.Conv2d(1, options.Conv3Channels, 3, padding: 1);
        conv4 = nn.Conv2d(options.Conv3Channels, options.Conv4Channels, 3, padding: 1);
        fc2 = nn.Linear((long)options.Conv4Channels * _side * _side, options.Hidden);
        fc3 = nn.Linear(options.Hidden, outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.reshape(input.shape[0], 1, _height, _width);
        x = nn.functional.relu(conv1.forward(x));
        x = nn.functional.relu(conv2.forward(x));
        x = pool.forward(x).flatten(1);
        x = nn.functional.relu(fc1.forward(x)).reshape(-1, 1, _side, _side);
        x = nn.functional.relu(conv3.forward(x));
        x = nn.functional.relu(conv4.forward(x)).flatten(1);
        x = nn.functional.relu(fc2.forward(x));
        return fc3.forward(x).MoveToOuterDisposeScope();
    }
}
