using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SparsePlugins.Authoring;

/// <summary>
/// Options every sampler shares: the step-size schedule eps_k = eps0 (k + k0)^-decay with an optional linear warm-up
/// (<see cref="StepSizeSchedule"/>). Derive a sampler's options from it (or from <see cref="LangevinOptions"/>) and
/// pass them to <see cref="ParameterSampler"/>'s constructor.
/// </summary>
public class StepSizeOptions
{
    /// <summary>eps0, the step size at k = 1 (before decay and warm-up).</summary>
    [Description("eps0 in the step-size schedule eps_k = eps0 (k + k0)^-decay (paper regression: 0.05).")]
    [Range(1e-12, 1e3)]
    public double StepSize { get; set; } = 1e-3;

    /// <summary>k0, which delays the decay.</summary>
    [Description("k0 in eps_k = eps0 (k + k0)^-decay: delays the decay (0 = the paper's schedule).")]
    [Range(0.0, 1e12)]
    public double StepOffset { get; set; }

    /// <summary>The exponent of the polynomial decay; 0 keeps the step constant.</summary>
    [Description("Exponent of the polynomial step-size decay; 0 = constant (paper regression: 1/3).")]
    [Range(0.0, 1.0)]
    public double StepDecay { get; set; }

    /// <summary>Steps of the linear warm-up; 0 for none.</summary>
    [Description("Linear warm-up: eps_k is multiplied by min(1, k / WarmupSteps) over the first steps (0 = none). Keeps a " +
                 "preconditioned sampler's large uniform first steps from switching off ReLU units in deep networks.")]
    [Range(0L, long.MaxValue)]
    public long WarmupSteps { get; set; }
}
