using TorchSharp;
using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Authoring;

/// <summary>
/// Diagonal RMSprop preconditioner of pSGLD (Li et al. 2016) and PSGLD-SA (paper eqs. 3-4, ERRATA point 1):
/// V_1 = g_1 o g_1, V_k = a_k V_{k-1} + (1 - a_k) g_k o g_k, G = diag(1 / (eta + sqrt(V))).
/// <see cref="Update"/> returns the denominator D = eta + sqrt(V) in a reused buffer, so callers apply
/// G g = g / D and G^(1/2) xi = xi / sqrt(D) with addcdiv_, never materialising G.
/// </summary>
/// <remarks>
/// The correction term Gamma_i = sum_j dG_ij / d beta_j is not computed: for this G it is
/// -(1 - a_k) G_ii^2 V_ii^(-1/2) g_i dg_i/d beta_i, which needs the Hessian diagonal (a second backward pass per
/// step or a Hutchinson estimate). The paper drops it too and lets a_k -> 1 make its bias vanish (Section 4).
/// </remarks>
/// <param name="eta">The regulariser in G = 1 / (eta + sqrt(V)).</param>
public sealed class RmsPropPreconditioner(double eta)
{
    private readonly ParameterBuffers _v = new("V");
    private readonly ParameterBuffers _denominator = new();

    /// <summary>eta, the regulariser in D = eta + sqrt(V): it caps G at 1 / eta where gradients vanish.</summary>
    public double Eta { get; } = eta;

    /// <summary>False until the first gradient has set V_1 = g_1 o g_1.</summary>
    public bool Started { get; private set; }

    /// <summary>Zero V and scratch buffers for <paramref name="parameters"/>; the next step starts V afresh.</summary>
    public void Allocate(IReadOnlyList<NamedParameter> parameters)
    {
        _v.Allocate(parameters);
        _denominator.Allocate(parameters);
        Started = false;
    }

    /// <summary>Call once after all parameters of step k have been updated.</summary>
    public void EndStep() => Started = true;

    /// <summary>Updates V of parameter <paramref name="index"/> with its gradient and returns eta + sqrt(V).</summary>
    public Tensor Update(int index, Tensor gradient, double alpha)
    {
        Accumulate(index, gradient, alpha);
        return Denominator(index);
    }

    /// <summary>eta + sqrt(V) of parameter <paramref name="index"/>, in the reused buffer.</summary>
    private Tensor Denominator(int index)
    {
        using var eta = Eta.ToScalar();
        using var one = 1.0.ToScalar();
        return _denominator[index].copy_(_v[index]).sqrt_().add_(eta, one);
    }

    /// <summary>The tensor-operation step with V as it stands: beta += -eps g / D + scale xi / sqrt D.</summary>
    private void TensorStep(int index, Tensor parameter, Tensor gradient, Tensor xi, LangevinNoise noise, double stepSize)
    {
        var denominator = Denominator(index);
        using var descent = (-stepSize).ToScalar();
        using var scale = noise.Scale(stepSize).ToScalar();
        parameter.addcdiv_(gradient, denominator, descent);
        parameter.addcdiv_(xi, denominator.sqrt_(), scale);
    }

    /// <summary>V of parameter <paramref name="index"/>.</summary>
    public Tensor V(int index) => _v[index];

    /// <summary>
    /// The whole pSGLD update of parameter <paramref name="index"/>: V, then beta += -eps G g + sqrt(2 eps / tau)
    /// G^(1/2) xi. In a single pass when the tensors are float32 and qualify (<see cref="FusedTensors.Qualify"/>), xi
    /// drawn in the pass from <paramref name="noise"/>'s counter-based stream; otherwise <see cref="Update"/> and two
    /// addcdiv_ with the same xi materialised (<see cref="LangevinNoise.Draw"/>), equal up to float rounding.
    /// Call under no_grad, and <see cref="EndStep"/> after the last parameter of the step.
    /// </summary>
    public void LangevinStep(int index, Tensor parameter, Tensor gradient, double alpha, LangevinNoise noise,
        Generator generator, double stepSize)
    {
        if (FusedTensors.Qualify(parameter, gradient, _v[index]))
        {
            FusedKernels.Psgld(parameter, gradient, _v[index], noise.DrawKeys(generator), alpha, !Started, Eta, stepSize,
                noise.Scale(stepSize));
            return;
        }
        var xi = noise.Draw(index, generator);
        Accumulate(index, gradient, alpha);
        TensorStep(index, parameter, gradient, xi, noise, stepSize);
    }

    /// <summary>
    /// V = a V + (1 - a) g o g (V = g o g before the first <see cref="EndStep"/>) for parameter
    /// <paramref name="index"/>, without a step: pSGLD's likelihood-only preconditioner feeds it the likelihood's gradient,
    /// then steps with <see cref="LangevinStepWithCurrentV"/> on grad U. Call under no_grad.
    /// </summary>
    public void Accumulate(int index, Tensor gradient, double alpha)
    {
        var v = _v[index];
        using var keep = alpha.ToScalar();
        using var mix = (1 - alpha).ToScalar();
        if (Started) v.mul_(keep).addcmul_(gradient, gradient, mix);
        else v.copy_(gradient).mul_(gradient);
    }

    /// <summary>
    /// beta += -eps G g + sqrt(2 eps / tau) G^(1/2) xi with G = 1 / (eta + sqrt V) from V as it stands (updated this
    /// step by <see cref="Accumulate"/>). Fused on float32 as <see cref="LangevinStep"/>. Call under no_grad.
    /// </summary>
    public void LangevinStepWithCurrentV(int index, Tensor parameter, Tensor gradient, LangevinNoise noise, Generator generator,
        double stepSize)
    {
        if (FusedTensors.Qualify(parameter, gradient, _v[index]))
        {
            FusedKernels.Psgld(parameter, gradient, _v[index], noise.DrawKeys(generator), 0, false, Eta, stepSize,
                noise.Scale(stepSize), updateV: false);
            return;
        }
        TensorStep(index, parameter, gradient, noise.Draw(index, generator), noise, stepSize);
    }

    /// <summary>Adds copies of V (<c>&lt;parameter&gt;.V</c>) for a checkpoint.</summary>
    public void Save(IDictionary<string, Tensor> state) => _v.Save(state);

    /// <summary>Restores V; the preconditioner counts as started when every V was found.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state) => Started = _v.Load(state);
}
