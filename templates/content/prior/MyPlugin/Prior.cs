using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace MyPlugin;

public sealed class MyPluginOptions
{
    [Description("Prior standard deviation sigma0 of every weight.")]
    [Range(1e-6, 1e6)]
    public double Sigma { get; set; } = 1.0;
}

[Plugin(PluginKind.Prior, "my-prior", "Independent N(0, sigma0^2) on every weight (template)", OptionsType = typeof(MyPluginOptions))]
public sealed class MyPluginPlugin : PriorPlugin<MyPluginOptions>
{
    protected override IPrior Create(MyPluginOptions options, PluginContext context) => new MyPluginPrior(options);
}

/// <summary>log pi(w) = -sum w^2 / (2 sigma0^2) + const; its gradient w / sigma0^2 is added to every grad.</summary>
public sealed class MyPluginPrior(MyPluginOptions options) : IPrior
{
    private IReadOnlyList<NamedParameter> _parameters = [];

    public double? NoiseVariance => null;

    public IReadOnlyDictionary<string, double> Metrics { get; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> WeightStatistics { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, Tensor>>();

    public void Initialize(PriorSetup setup) => _parameters = setup.Parameters;

    public void AddGradient()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var precision = (1 / (options.Sigma * options.Sigma)).ToScalar();
        foreach (var (_, p) in _parameters)
        {
            p.grad?.add_(p, alpha: precision);
        }
    }

    public double? LogDensity()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        double squares = _parameters.Sum(p => p.Parameter.detach().to(float64).Squared().sum().item<double>());
        return -squares / (2 * options.Sigma * options.Sigma);
    }

    public void Update(PriorUpdate update)
    {
    }

    public void Constrain()
    {
    }

    public void SaveState(IDictionary<string, Tensor> state)
    {
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
    }
}
