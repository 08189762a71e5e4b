using System.Globalization;

namespace SparsePlugins.Regression.Calibration;

/// <summary>The bench's command line (Program.cs).</summary>
public sealed record CalibrationOptions(int Draws, int FirstDraw, IReadOnlyList<string> Tests, IReadOnlyList<string> Methods,
    int Sweeps, string Output, IReadOnlyList<string> Overrides)
{
    public static CalibrationOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var overrides = new List<string>();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--set") overrides.Add(args[i + 1]);
            else values[args[i].TrimStart('-')] = args[i + 1];
        }
        if (args.Length % 2 != 0) throw new ArgumentException($"'{args[^1]}' has no value.");
        string Text(string key, string fallback) => values.GetValueOrDefault(key, fallback);
        int Number(string key, int fallback) => int.Parse(Text(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var known = new[] { "draws", "first-draw", "tests", "methods", "sweeps", "out" };
        foreach (var key in values.Keys.Except(known)) throw new ArgumentException($"Unknown option --{key}; known: --{string.Join(", --", known)}, --set.");
        return new CalibrationOptions(Number("draws", 10), Number("first-draw", 1), Text("tests", "test1,test2,test2-weak").Split(','),
            Text("methods", "SGLD-SA,PSGLD-SA").Split(','), Number("sweeps", 4000), Path.GetFullPath(Text("out", "calibration")), overrides);
    }
}
