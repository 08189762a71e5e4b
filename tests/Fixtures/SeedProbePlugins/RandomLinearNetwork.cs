using System.Globalization;
using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SeedProbePlugins;

/// <summary>
/// y = X b with b drawn from torch's global generator, as a network with a default initialiser draws it, and appended to
/// <c>initial-weights.txt</c> in the run folder (one line per chain): the seed tests read which stream the host gave
/// the initialisation.
/// </summary>
[Plugin(PluginKind.Network, "fixture-random-linear", "Linear model with random initial weights, written to the run folder")]
public sealed class RandomLinearPlugin : NetworkPlugin<NoOptions>
{
    public const string InitialWeightsFile = "initial-weights.txt";

    protected override INetwork Create(NoOptions options, PluginContext context)
    {
        var shape = context.Shape ?? throw new InvalidOperationException("fixture-random-linear needs the problem's shape.");
        var module = new RandomLinear(shape.InputShape.Aggregate(1L, (a, b) => a * b), shape.OutputSize);
        var weights = module.Weight.detach().to(ScalarType.Float64).data<double>().ToArray();
        File.AppendAllLines(Path.Combine(context.RunDirectory!, InitialWeightsFile),
            [string.Join(",", weights.Select(w => w.ToString("R", CultureInfo.InvariantCulture)))]);
        return new Network(module, ["weight"]);
    }
}

public sealed class RandomLinear : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter weight;

    public RandomLinear(long inputs, long outputs) : base("random-linear")
    {
        weight = new TorchSharp.Modules.Parameter(randn(outputs, inputs));
        RegisterComponents();
    }

    public Tensor Weight => weight;

    public override Tensor forward(Tensor input) => input.flatten(1).matmul(weight.t());
}
