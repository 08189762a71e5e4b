using System.Text.Json;

namespace SparsePlugins.Regression.Calibration;

/// <summary>What one SA run reports (summary.json) and the exact-model settings it implies (config.json).</summary>
public sealed record MethodResult(
    string Method, double[] Inclusion, double[] Lower, double[] Upper, double[] Truth, double SlabVariance, double NoiseVariance,
    double BetaA, double? BetaB, double SpikeScale, double[]? InclusionMcse)
{
    public static MethodResult Read(string runDirectory, string method)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "summary.json")));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "config.json")));
        var root = summary.RootElement;
        var interval = root.GetProperty("credibleInterval95");
        var run = config.RootElement.GetProperty("Runs")[0];
        var prior = run.GetProperty("Prior").GetProperty("Options");
        var betaB = prior.GetProperty("BetaB");
        return new MethodResult(method, Doubles(root.GetProperty("inclusionProbability")), Doubles(interval.GetProperty("lower")),
            Doubles(interval.GetProperty("upper")), Doubles(root.GetProperty("trueCoefficients")),
            prior.GetProperty("SlabVariance").GetDouble(),
            run.GetProperty("Problem").GetProperty("Options").GetProperty("NoiseVariance").GetDouble(),
            prior.GetProperty("BetaA").GetDouble(), betaB.ValueKind == JsonValueKind.Number ? betaB.GetDouble() : null,
            prior.GetProperty("SpikeScale").GetDouble(),
            root.TryGetProperty("inclusionMcse", out var mcse) && mcse.ValueKind == JsonValueKind.Array ? Doubles(mcse) : null);
    }

    public bool Covers(int j) => Lower[j] <= Truth[j] && Truth[j] <= Upper[j];

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
