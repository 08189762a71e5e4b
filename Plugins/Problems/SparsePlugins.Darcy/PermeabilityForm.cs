namespace SparsePlugins.Darcy;

/// <summary>How the KLE sum g = sum mu_j sqrt(xi_j) Phi_j becomes a permeability (ERRATA 9).</summary>
public enum PermeabilityForm
{
    /// <summary>kappa = exp(kappa0 + g): always positive, contrast up to ~1e5 for variance 2.</summary>
    LogNormal,

    /// <summary>kappa = kappa0 + g as printed in the paper; a field with kappa &lt;= 0 anywhere is refused.</summary>
    Affine,
}
