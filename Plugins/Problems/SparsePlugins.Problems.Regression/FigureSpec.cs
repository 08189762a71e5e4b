namespace SparsePlugins.Problems.Regression;

/// <summary>
/// A figure described in plain data: what to draw is decided by the report code, how by <see cref="FigureRenderer"/>.
/// </summary>
public sealed record FigureSpec(string Path, int Width, int Height, string Title, string XLabel, string YLabel)
{
    public List<SeriesSpec> Series { get; init; } = [];

    /// <summary>Upper limit of the y axis; null to fit all data. Ignored on a log axis, which fits all data.</summary>
    public double? YMax { get; init; }

    /// <summary>
    /// A log10 y axis, for values that span orders of magnitude (an error of ~3 beside ones of ~100 is a flat line on
    /// a linear axis). Lines, points and vertical lines only; values &lt;= 0 are left out.
    /// </summary>
    public bool LogY { get; init; }

    /// <summary>The legend right of the data area rather than in its upper right corner, where it can hide a trace.</summary>
    public bool LegendOutside { get; init; }
}

public enum SeriesKind
{
    Line,
    Points,
    /// <summary>Vertical bars from <see cref="SeriesSpec.Low"/> to <see cref="SeriesSpec.High"/> at each x.</summary>
    Interval,
    VerticalLine,
    HorizontalLine,
}

/// <param name="Color">Hex colour, e.g. #1f77b4.</param>
/// <param name="Label">Legend text; empty keeps the series out of the legend. Series with the same label share one
/// legend entry (a chain's current-sample and model-average lines), drawn in the style of the widest of them.</param>
public sealed record SeriesSpec(SeriesKind Kind, string Color, string Label = "")
{
    public double[] X { get; init; } = [];
    public double[] Y { get; init; } = [];
    public double[] Low { get; init; } = [];
    public double[] High { get; init; } = [];
    /// <summary>Position of a vertical or horizontal line.</summary>
    public double At { get; init; }
    public double Width { get; init; } = 1.5;
    public double Alpha { get; init; } = 1;
    public bool Dashed { get; init; }
    public bool Dotted { get; init; }
    public bool Cross { get; init; }
    public double MarkerSize { get; init; } = 5;
}
