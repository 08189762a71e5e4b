namespace SparsePlugins.Problems.Regression;

/// <summary>
/// A figure described in plain data, so that it can cross from the plugin's load context into the isolated one
/// that draws it (see <see cref="FigureLoadContext"/>) as JSON.
/// </summary>
public sealed record FigureSpec(string Path, int Width, int Height, string Title, string XLabel, string YLabel)
{
    public List<SeriesSpec> Series { get; init; } = [];
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
/// <param name="Label">Legend text; empty keeps the series out of the legend.</param>
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

/// <summary>The colours figures use: Category10 for runs, fixed ones for roles.</summary>
public static class FigureColors
{
    public const string Mean = "#4682b4";
    public const string Truth = "#dc143c";
    public const string Neutral = "#808080";
    public const string Reference = "#000000";

    private static readonly string[] Category10 =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string Run(int index) => Category10[index % Category10.Length];
}
