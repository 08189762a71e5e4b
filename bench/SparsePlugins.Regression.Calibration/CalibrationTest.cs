namespace SparsePlugins.Regression.Calibration;

/// <summary>One data setting of Section 6.1: the linear-regression problem options that define it (DataSeed varies per draw).</summary>
public sealed record CalibrationTest(string Name, string Description, IReadOnlyDictionary<string, object> ProblemOptions)
{
    public static IReadOnlyList<CalibrationTest> All { get; } =
    [
        new("test1", "test 1", new Dictionary<string, object>()),
        // configs/regression-test2.json: y as in test 1, the first column scaled afterwards (true b1 = 10).
        new("test2", "test 2, shipped reading (ScaleAfterResponse)",
            new Dictionary<string, object> { ["FirstColumnScale"] = 0.3, ["ScaleAfterResponse"] = true }),
        // configs/regression-test2-weak-signal.json: y drawn from the scaled column (true b1 = 3, weak signal).
        new("test2-weak", "test 2, weak-signal reading",
            new Dictionary<string, object> { ["FirstColumnScale"] = 0.3, ["ScaleAfterResponse"] = false }),
    ];
}
