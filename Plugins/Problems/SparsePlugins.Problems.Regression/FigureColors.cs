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

    /// <summary>
    /// Chain <paramref name="chain"/> of <paramref name="chains"/> in the run's colour, from darker to lighter, so a
    /// run's chains stay one hue (which run) while the legend can still tell them apart (which chain).
    /// </summary>
    public static string Shade(string color, int chain, int chains)
    {
        if (chains <= 1) return color;
        double t = -0.45 + 0.9 * chain / (chains - 1);
        double target = t < 0 ? 0 : 255;
        int Channel(int offset)
        {
            int value = Convert.ToInt32(color.Substring(offset, 2), 16);
            return (int)Math.Round(value + Math.Abs(t) * (target - value));
        }
        return $"#{Channel(1):x2}{Channel(3):x2}{Channel(5):x2}";
    }
}
