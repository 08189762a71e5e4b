namespace SparsePlugins.Darcy;

/// <summary>
/// The solver failed numerically (CG did not converge, a factorisation lost positive definiteness) on an input that
/// passed validation. Deliberately not an <see cref="InvalidOperationException"/>, the type this library uses for
/// options that cannot give a valid field: this is the solver's failure, not the user's mistake, and the host
/// reports it as an internal failure (exit code 1), not as bad input.
/// </summary>
public sealed class SolverFailureException(string message) : Exception(message);
