namespace SparsePlugins.Problems.Regression;

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
