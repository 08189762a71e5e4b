using System.Text.Json;

namespace SparsePlugins.Problems.Darcy;

/// <summary>
/// One of the paper's tables of Darcy surrogate errors: which runs belong to it, how its rows are grouped besides the
/// sparse rate (KLE size in Table 1, nothing in Table 2), and the paper's e1/e2 (%) keyed by (preconditioned, group,
/// sparse rate in percent).
/// </summary>
/// <param name="Problem">Runs of this problem plugin make the table.</param>
/// <param name="FileStem">Output files FileStem.md and FileStem.csv.</param>
/// <param name="GroupColumn">Header of the grouping column in markdown; null when there is none.</param>
/// <param name="GroupCsvColumn">Its name in the CSV.</param>
/// <param name="Group">The group of a run, from its resolved problem options.</param>
/// <param name="GroupLabel">A group in titles and file names (e.g. KLE32).</param>
public sealed record PaperTable(
    string Problem,
    string FileStem,
    string Title,
    string? GroupColumn,
    string? GroupCsvColumn,
    Func<JsonElement, int> Group,
    Func<int, string> GroupLabel,
    IReadOnlyDictionary<(bool Preconditioned, int Group, int Rate), (double E1, double E2)> Paper)
{
    /// <summary>Table 1: KLE fields, rows by sparse rate and KLE size.</summary>
    public static PaperTable Table1 { get; } = new(
        "kle-darcy", "table1",
        "Table 1 (e1/e2 %, Bayesian model average on the test set; paper in brackets; baselines: training mean / linear in the KLE coefficients)",
        "KLE", "kle_terms", options => options.GetProperty("Terms").GetInt32(), terms => $"KLE{terms}",
        new Dictionary<(bool, int, int), (double, double)>
        {
            [(true, 32, 0)] = (0.75, 0.57), [(false, 32, 0)] = (2.37, 2.17),
            [(true, 64, 0)] = (0.82, 0.63), [(false, 64, 0)] = (2.38, 2.25),
            [(true, 128, 0)] = (2.13, 1.93), [(false, 128, 0)] = (2.90, 2.60),
            [(true, 32, 50)] = (0.59, 0.56), [(false, 32, 50)] = (2.67, 2.35),
            [(true, 64, 50)] = (0.78, 0.58), [(false, 64, 50)] = (2.68, 2.41),
            [(true, 128, 50)] = (1.60, 1.31), [(false, 128, 50)] = (3.47, 3.00),
            [(true, 32, 70)] = (0.58, 0.51), [(false, 32, 70)] = (2.28, 2.10),
            [(true, 64, 70)] = (0.76, 0.61), [(false, 64, 70)] = (2.40, 2.97),
            [(true, 128, 70)] = (1.79, 1.60), [(false, 128, 70)] = (3.51, 3.02),
        });

    /// <summary>Table 2: channelized fields, rows by sparse rate.</summary>
    public static PaperTable Table2 { get; } = new(
        "channelized-darcy", "table2",
        "Table 2 (e1/e2 %, Bayesian model average on the test set; paper in brackets; baselines: training mean / linear in block-averaged log permeability)",
        null, null, _ => 0, _ => "channelized",
        new Dictionary<(bool, int, int), (double, double)>
        {
            [(true, 0, 0)] = (3.31, 2.73), [(false, 0, 0)] = (6.39, 4.94),
            [(true, 0, 30)] = (2.73, 2.13), [(false, 0, 30)] = (3.94, 3.12),
            [(true, 0, 50)] = (2.75, 2.16), [(false, 0, 50)] = (3.91, 3.05),
            [(true, 0, 70)] = (2.71, 1.95), [(false, 0, 70)] = (4.46, 3.57),
        });
}
