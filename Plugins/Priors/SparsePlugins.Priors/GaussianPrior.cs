using TorchSharp;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Priors;

public sealed class GaussianOptions
{
    [Description("Prior standard deviation sigma0 of every weight: beta ~ N(0, sigma0^2).")]
    [Range(1e-12, 1e12)]
    public double Sigma { get; set; } = 1.0;
}

[Plugin(PluginKind.Prior, "gaussian", "Independent N(0, sigma0^2) on every weight", OptionsType = typeof(GaussianOptions))]
public sealed class GaussianPlugin : PriorPlugin<GaussianOptions>
{
    protected override IPrior Create(GaussianOptions options, PluginContext context) => new GaussianPrior(options);
}

/// <summary>-log p(beta) = beta^2 / (2 sigma0^2) + const, so the gradient is beta / sigma0^2.</summary>
public sealed class GaussianPrior(GaussianOptions options) : IPrior
{
    private IReadOnlyList<NamedParameter> _parameters = [];

    public double? NoiseVariance => null;

    public IReadOnlyDictionary<string, double> Metrics { get; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> WeightStatistics { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, Tensor>>();

    public void Initialize(PriorSetup setup) => _parameters = setup.Parameters;

    public void AddGradient()
    {
        using var precision = (1.0 / (options.Sigma * options.Sigma)).ToScalar();
        using var _ = no_grad();
        foreach (var (_, p) in _parameters)
        {
            p.grad?.add_(p, alpha: precision);
        }
    }

    public void Update(PriorUpdate update)
    {
    }

    public double? LogDensity() => LogDensity(_parameters, options.Sigma);

    /// <summary>log N(0, sigma^2) of every entry of <paramref name="parameters"/>: -sum b^2 / (2 sigma^2), constants dropped.</summary>
    internal static double LogDensity(IEnumerable<NamedParameter> parameters, double sigma)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        double sum = 0;
        foreach (var (_, p) in parameters) sum += p.detach().Squared().sum().ReadDouble();
        return -sum / (2 * sigma * sigma);
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
