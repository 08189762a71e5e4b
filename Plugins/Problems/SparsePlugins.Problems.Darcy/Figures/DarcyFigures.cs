namespace SparsePlugins.Problems.Darcy.Figures;

/// <summary>
/// The Darcy surrogate figures of the paper (Figures 4-8) as PNGs drawn with ScottPlot. Each method checks its
/// arguments (ArgumentException naming the one that is wrong), writes atomically and returns the full path written.
/// Fields are on a <see cref="SparsePlugins.Darcy.DarcyGrid"/>: cell values indexed j N + i, velocities as the
/// flat face vector. Pictures show y = 1 at the top.
/// </summary>
public static partial class DarcyFigures
{
    /// <summary>
    /// A message to show when the machine has no fonts, or null. ScottPlot then draws figures without any text and
    /// says nothing, so callers should print this.
    /// </summary>
    public static string? FontWarning => FontCheck.Warning;
}
