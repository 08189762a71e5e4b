namespace SparsePlugins.Problems.Darcy.Figures;

/// <summary>
/// Argument checks shared by the figures. A wrong length would otherwise surface as an IndexOutOfRangeException
/// deep in the drawing code, or worse as a silently misaligned picture; the message names the argument and the
/// size the grid expects.
/// </summary>
internal static class FigureArguments
{
    /// <param name="name">How the message refers to the values, e.g. "meanVelocity" or "KLE 32: kappa".</param>
    /// <param name="paramName">The parameter they came in; <paramref name="name"/> when null.</param>
    public static void RequireLength(double[] values, int expected, string name, string what, string? paramName = null)
    {
        if (values is null)
        {
            throw new ArgumentNullException(paramName ?? name, $"{name} is null.");
        }

        if (values.Length != expected)
        {
            throw new ArgumentException($"{name} has {values.Length} values; expected {expected} ({what}).", paramName ?? name);
        }
    }

    public static void RequireSameLength(double[] x, double[] y, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"{what}: x has {x.Length} values but y has {y.Length}.");
        }
    }

    public static void RequireFractions(double[] values, string name)
    {
        if (values.Any(v => !(v >= 0 && v <= 1)))
        {
            throw new ArgumentException($"{name} must hold fractions in [0, 1] (coverage 0.9, not 90).", name);
        }
    }

    public static void RequirePath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The figure path is empty.", nameof(path));
        }
    }
}
