using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SparsePlugins.Authoring;

/// <summary>Options of the Langevin samplers: the step size and the temperature of the injected noise.</summary>
public class LangevinOptions : StepSizeOptions
{
    /// <summary>tau: the injected noise has variance 2 eps_k / tau (<see cref="LangevinNoise"/>).</summary>
    [Description("Temperature tau: the noise variance is 2 eps_k / tau; 1 samples the posterior, larger values cool it.")]
    [Range(1e-12, 1e12)]
    public double Temperature { get; set; } = 1.0;
}
