namespace SparsePlugins.Abstractions;

/// <summary>A contracts member the host's SparsePlugins.Abstractions does not have: a removed or renamed API.</summary>
public static class LegacyContracts
{
    public static double Half(double value) => value / 2;
}
