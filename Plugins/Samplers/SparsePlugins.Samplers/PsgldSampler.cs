using SparsePlugins.Abstractions;
using SparsePlugins.Authoring;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers;

[Plugin(PluginKind.Sampler, "psgld", "Preconditioned SGLD with an RMSprop preconditioner, constant or decaying weight (Li et al. 2016; PSGLD-SA)",
    OptionsType = typeof(PsgldOptions))]
public sealed class PsgldPlugin : SamplerPlugin<PsgldOptions>, IPublishesRecipes
{
    public IReadOnlyList<Recipe> Recipes { get; } = [PaperMethodRecipes.Psgld, PaperMethodRecipes.PsgldSa];

    protected override ISampler Create(PsgldOptions options, PluginContext context) => new PsgldSampler(options);
}

/// <summary>
/// pSGLD (paper eq. 5 and Algorithm 2 with ERRATA points 1-2): V_k = a_k V_{k-1} + (1 - a_k) g o g,
/// G = 1 / (eta + sqrt(V)), beta -= eps_k G grad U, beta += G^(1/2) N(0, 2 eps_k / tau). Gamma is dropped.
/// </summary>
public sealed class PsgldSampler : ParameterSampler
{
    private readonly LangevinNoise _noise;
    private readonly RmsPropPreconditioner _preconditioner;
    private readonly PreconditionerWeight _weight;
    private double _alpha;

    public PsgldSampler(PsgldOptions options) : base(options)
    {
        _noise = new LangevinNoise(options.Temperature);
        _preconditioner = new RmsPropPreconditioner(options.Eta);
        _weight = new PreconditionerWeight(options.AlphaSchedule, options.Alpha, options.AlphaC1, options.AlphaC2, options.AlphaGamma,
            options.AlphaDecayStart);
    }

    public override bool IsStochastic => true;

    /// <summary>a_k of the latest step.</summary>
    public double Alpha => _alpha;

    public override IReadOnlyDictionary<string, double> Diagnostics =>
        new Dictionary<string, double> { ["step_size"] = StepSize, ["alpha"] = _alpha };

    protected override void OnInitialize(SamplerSetup setup)
    {
        _noise.Allocate(setup.Parameters);
        _preconditioner.Allocate(setup.Parameters);
    }

    protected override void BeginStep(SamplerStep step) => _alpha = _weight.At(step.Iteration);

    protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step) =>
        _preconditioner.LangevinStep(index, parameter, gradient, _alpha, _noise, step.Generator, StepSize);

    protected override void EndStep(SamplerStep step) => _preconditioner.EndStep();

    public override void SaveState(IDictionary<string, Tensor> state) => _preconditioner.Save(state);

    public override void LoadState(IReadOnlyDictionary<string, Tensor> state) => _preconditioner.Load(state);
}
