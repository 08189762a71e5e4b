using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Authoring;

/// <summary>
/// Base of a sampler that updates each parameter on its own (every shipped sampler is one): the parameter list, the
/// step-size schedule, the loop over parameters under no_grad, the <c>step_size</c> diagnostic and checkpointing of
/// the state buffers. A concrete sampler supplies only its per-parameter update rule (<see cref="Update"/>), usually
/// a few in-place tensor operations on reused buffers (<see cref="Buffers"/>) or one call of a building block
/// (<see cref="LangevinNoise.Step"/>, <see cref="RmsPropPreconditioner.LangevinStep"/>).
/// </summary>
/// <remarks>
/// <para>Per step: <see cref="StepSize"/> = <see cref="StepSizeAt"/>(k), then under no_grad <see cref="BeginStep"/>,
/// <see cref="Update"/> for every parameter that has a gradient, <see cref="EndStep"/>. The loop allocates
/// nothing; temporaries an override creates are freed by the host's per-iteration dispose scope.</para>
/// <para>Pruned weights: the prior's <see cref="IPrior.Constrain"/> runs after every step and puts them back to zero,
/// so a sampler treats every coordinate alike. Their moments (V, momentum) keep tracking the likelihood gradient
/// there, which is harmless: those coordinates never move away from zero for longer than one step.</para>
/// </remarks>
public abstract class ParameterSampler : ISampler
{
    private readonly List<ParameterBuffers> _state = [];
    private readonly StepSizeSchedule? _schedule;

    /// <summary>A sampler whose step size follows the polynomial schedule of <paramref name="options"/>.</summary>
    protected ParameterSampler(StepSizeOptions options) => _schedule = StepSizeSchedule.From(options);

    /// <summary>A sampler with a step-size schedule of its own: it overrides <see cref="StepSizeAt"/>.</summary>
    protected ParameterSampler()
    {
    }

    /// <inheritdoc/>
    public abstract bool IsStochastic { get; }

    /// <summary>The parameters of the chain, in the order <see cref="Update"/>'s index refers to.</summary>
    protected IReadOnlyList<NamedParameter> Parameters { get; private set; } = [];

    /// <summary>
    /// What the host told the sampler when the chain started (N, iterations per epoch, total iterations); all three
    /// are 0 when <see cref="Initialize(IReadOnlyList{NamedParameter})"/> was called directly (a unit test).
    /// </summary>
    protected SamplerSetup Setup { get; private set; } = new([], 0, 0, 0);

    /// <summary>eps_k of the latest step.</summary>
    public double StepSize { get; private set; }

    /// <summary>The latest step size as <c>step_size</c>; override to add more (call the base for this one).</summary>
    public virtual IReadOnlyDictionary<string, double> Diagnostics =>
        new Dictionary<string, double> { ["step_size"] = StepSize };

    /// <summary>Registers a per-parameter buffer (allocated in <see cref="Initialize(SamplerSetup)"/>, saved when named).</summary>
    /// <param name="stateName">Suffix in checkpoints (<c>&lt;parameter&gt;.&lt;stateName&gt;</c>); null for scratch space.</param>
    protected ParameterBuffers Buffers(string? stateName)
    {
        var buffers = new ParameterBuffers(stateName);
        _state.Add(buffers);
        return buffers;
    }

    /// <summary>Initialises the sampler for these parameters with an unknown chain length.</summary>
    public void Initialize(IReadOnlyList<NamedParameter> parameters) => Initialize(new SamplerSetup(parameters, 0, 0, 0));

    /// <summary>Allocates the registered buffers for the chain's parameters, then calls <see cref="OnInitialize"/>.</summary>
    public void Initialize(SamplerSetup setup)
    {
        Setup = setup;
        Parameters = setup.Parameters;
        foreach (var buffers in _state) buffers.Allocate(setup.Parameters);
        OnInitialize(setup);
    }

    /// <summary>Creates state beyond the registered buffers (e.g. <see cref="LangevinNoise.Allocate"/>).</summary>
    protected virtual void OnInitialize(SamplerSetup setup)
    {
    }

    /// <inheritdoc/>
    public virtual bool Collects(long iteration) => true;

    /// <summary>
    /// eps_k for iteration <paramref name="iteration"/> (1-based): the options' schedule, or a sampler's own when it
    /// overrides this (a cyclical schedule reads the chain length from <see cref="Setup"/>).
    /// </summary>
    protected virtual double StepSizeAt(long iteration) => _schedule?.At(iteration) ?? throw new InvalidOperationException(
        $"{GetType().Name} was constructed without step-size options, so it must override {nameof(StepSizeAt)}.");

    /// <summary>Sets <see cref="StepSize"/> and updates every parameter that has a gradient, under no_grad.</summary>
    public void Step(SamplerStep step)
    {
        StepSize = StepSizeAt(step.Iteration);
        using var _ = no_grad();
        BeginStep(step);
        for (int i = 0; i < Parameters.Count; i++)
        {
            var parameter = Parameters[i].Parameter;
            if (parameter.grad is not { } gradient) continue;
            Update(i, parameter, gradient, step);
        }
        EndStep(step);
    }

    /// <summary>
    /// True when the sampler reads the likelihood's gradient before the prior's is added: the host's call
    /// <see cref="ObserveLikelihoodGradient"/> then passes each parameter's to <see cref="ObserveLikelihood"/>.
    /// </summary>
    protected virtual bool ObservesLikelihood => false;

    /// <summary>Passes every parameter's likelihood gradient to <see cref="ObserveLikelihood"/>, under no_grad.</summary>
    public void ObserveLikelihoodGradient(SamplerStep step)
    {
        if (!ObservesLikelihood) return;
        using var _ = no_grad();
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (Parameters[i].Parameter.grad is { } gradient) ObserveLikelihood(i, gradient, step);
        }
    }

    /// <summary>Reads parameter <paramref name="index"/>'s likelihood gradient (see <see cref="ObservesLikelihood"/>).</summary>
    protected virtual void ObserveLikelihood(int index, Tensor gradient, SamplerStep step)
    {
    }

    /// <summary>Runs before the first parameter of a step (a schedule's value for this step, say).</summary>
    protected virtual void BeginStep(SamplerStep step)
    {
    }

    /// <summary>Updates one parameter in place; <paramref name="gradient"/> is grad U (descent is -gradient).</summary>
    /// <param name="index">The parameter's position in <see cref="Parameters"/> and in every buffer.</param>
    /// <param name="parameter">The parameter, updated in place (no_grad is open).</param>
    /// <param name="gradient">grad U of the parameter.</param>
    /// <param name="step">The iteration and the chain's generator (draw every random number from it).</param>
    protected abstract void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step);

    /// <summary>Runs after the last parameter of a step (<see cref="RmsPropPreconditioner.EndStep"/>, say).</summary>
    protected virtual void EndStep(SamplerStep step)
    {
    }

    /// <summary>Gradient descent of parameter <paramref name="parameter"/>: beta -= eps_k grad U, no noise.</summary>
    protected void Descend(Tensor parameter, Tensor gradient)
    {
        using var descent = (-StepSize).ToScalar();
        parameter.add_(gradient, descent);
    }

    /// <summary>Adds copies of the named buffers; override (and call the base) for state of your own.</summary>
    public virtual void SaveState(IDictionary<string, Tensor> state)
    {
        foreach (var buffers in _state) buffers.Save(state);
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    public virtual void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        foreach (var buffers in _state) buffers.Load(state);
    }
}
