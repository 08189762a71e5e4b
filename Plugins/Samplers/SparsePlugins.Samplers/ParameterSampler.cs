using SparsePlugins.Abstractions;
using SparsePlugins.Samplers.Numerics;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers;

/// <summary>
/// What every sampler here shares: the parameter list, the step-size schedule, the loop over parameters under
/// no_grad, diagnostics and checkpointing of the state buffers. A concrete sampler supplies only its per-parameter
/// update rule (<see cref="Update"/>), usually a few in-place tensor operations on reused buffers.
/// </summary>
/// <remarks>
/// Pruned weights: the prior's <see cref="IPrior.Constrain"/> runs after every step and puts them back to zero, so
/// a sampler treats every coordinate alike. Their moments (V, momentum) keep tracking the likelihood gradient
/// there, which is harmless: those coordinates never move away from zero for longer than one step.
/// </remarks>
public abstract class ParameterSampler : ISampler
{
    private readonly List<ParameterBuffers> _state = [];
    private readonly StepSizeSchedule _schedule;

    protected ParameterSampler(StepSizeOptions options) => _schedule = StepSizeSchedule.From(options);

    public abstract bool IsStochastic { get; }

    protected IReadOnlyList<NamedParameter> Parameters { get; private set; } = [];

    /// <summary>eps_k of the latest step.</summary>
    public double StepSize { get; private set; }

    public virtual IReadOnlyDictionary<string, double> Diagnostics =>
        new Dictionary<string, double> { ["step_size"] = StepSize };

    /// <summary>Registers a per-parameter buffer (allocated in <see cref="Initialize"/>, saved when named).</summary>
    protected ParameterBuffers Buffers(string? stateName)
    {
        var buffers = new ParameterBuffers(stateName);
        _state.Add(buffers);
        return buffers;
    }

    public void Initialize(IReadOnlyList<NamedParameter> parameters)
    {
        Parameters = parameters;
        foreach (var buffers in _state) buffers.Allocate(parameters);
        OnInitialize(parameters);
    }

    protected virtual void OnInitialize(IReadOnlyList<NamedParameter> parameters)
    {
    }

    public void Step(SamplerStep step)
    {
        StepSize = _schedule.At(step.Iteration);
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

    protected virtual void BeginStep(SamplerStep step)
    {
    }

    /// <summary>Updates one parameter in place; <paramref name="gradient"/> is grad U (descent is -gradient).</summary>
    protected abstract void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step);

    protected virtual void EndStep(SamplerStep step)
    {
    }

    public virtual void SaveState(IDictionary<string, Tensor> state)
    {
        foreach (var buffers in _state) buffers.Save(state);
    }

    public virtual void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        foreach (var buffers in _state) buffers.Load(state);
    }
}
