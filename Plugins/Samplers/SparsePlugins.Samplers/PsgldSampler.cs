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
/// g is grad U, or with <see cref="PreconditionerSource.Likelihood"/> the likelihood's gradient alone: any slowly
/// adapted positive diagonal G leaves the target as it is, and the likelihood's says how much the data know.
/// </summary>
public sealed class PsgldSampler : ParameterSampler
{
    private readonly LangevinNoise _noise;
    private readonly RmsPropPreconditioner _preconditioner;
    private readonly PreconditionerWeight _weight;
    private readonly bool _likelihoodOnly;
    private bool[] _observed = [];
    private double _alpha;

    public PsgldSampler(PsgldOptions options) : base(options)
    {
        _noise = new LangevinNoise(options.Temperature);
        _preconditioner = new RmsPropPreconditioner(options.Eta);
        _likelihoodOnly = options.PreconditionOn == PreconditionerSource.Likelihood;
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
        _observed = new bool[setup.Parameters.Count];
    }

    protected override void BeginStep(SamplerStep step) => _alpha = _weight.At(step.Iteration);

    protected override bool ObservesLikelihood => _likelihoodOnly;

    // PreconditionOn: Likelihood: V takes the likelihood's gradient here, the step below divides grad U by it.
    protected override void ObserveLikelihood(int index, Tensor gradient, SamplerStep step)
    {
        _preconditioner.Accumulate(index, gradient, _weight.At(step.Iteration));
        _observed[index] = true;
    }

    protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step)
    {
        if (_likelihoodOnly && _observed[index]) _preconditioner.LangevinStepWithCurrentV(index, parameter, gradient, _noise, step.Generator, StepSize);
        else _preconditioner.LangevinStep(index, parameter, gradient, _alpha, _noise, step.Generator, StepSize);
    }

    protected override void EndStep(SamplerStep step)
    {
        _preconditioner.EndStep();
        Array.Clear(_observed);
    }

    public override void SaveState(IDictionary<string, Tensor> state) => _preconditioner.Save(state);

    public override void LoadState(IReadOnlyDictionary<string, Tensor> state) => _preconditioner.Load(state);
}
