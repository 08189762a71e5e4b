namespace SparsePlugins.Darcy;

/// <summary>Relative velocity errors (fractions, not percent).</summary>
/// <param name="E1">||u_pred - u_true|| / ||u_true|| in L2(Omega).</param>
/// <param name="E2">The same in the kappa^-1-weighted L2 norm.</param>
public readonly record struct VelocityErrors(double E1, double E2);
