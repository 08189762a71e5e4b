using TorchSharp;
using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers.Numerics;

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
public sealed class RmsPropPreconditioner(double eta)
{
    private readonly ParameterBuffers _v = new("V");
    private readonly ParameterBuffers _denominator = new();

    public double Eta { get; } = eta;

    /// <summary>False until the first gradient has set V_1 = g_1 o g_1.</summary>
    public bool Started { get; private set; }

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
        var v = _v[index];
        using var keep = alpha.ToScalar();
        using var mix = (1 - alpha).ToScalar();
        using var eta = Eta.ToScalar();
        using var one = 1.0.ToScalar();
        if (Started) v.mul_(keep).addcmul_(gradient, gradient, mix);
        else v.copy_(gradient).mul_(gradient);
        return _denominator[index].copy_(v).sqrt_().add_(eta, one);
    }

    public Tensor V(int index) => _v[index];

    /// <summary>
    /// The whole pSGLD update of one parameter in a single pass when it is float32 (V, then
    /// beta += -eps G g + scale G^(1/2) xi, xi drawn in the pass from <paramref name="noise"/>'s counter-based
    /// stream, so the same numbers <see cref="LangevinNoise.Draw"/> would write); false, having drawn nothing,
    /// when the caller must use <see cref="Update"/> instead.
    /// </summary>
    public bool TryFusedLangevinStep(int index, Tensor parameter, Tensor gradient, double alpha, LangevinNoise noise,
        Generator generator, double stepSize)
    {
        if (!FusedKernels.Applies(parameter, gradient, _v[index])) return false;
        FusedKernels.Psgld(parameter, gradient, _v[index], noise.DrawKeys(generator), alpha, !Started, Eta, stepSize, noise.Scale(stepSize));
        return true;
    }

    public void Save(IDictionary<string, Tensor> state) => _v.Save(state);

    public void Load(IReadOnlyDictionary<string, Tensor> state) => Started = _v.Load(state);
}
