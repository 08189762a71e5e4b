using System.Text.Json;

namespace SparsePlugins.Tests.Support;

/// <summary>Builds small configuration files for tests of the <c>run</c> command.</summary>
public static class RunConfig
{
    /// <summary>A fast linear-regression run; <paramref name="tweak"/> edits the run object.</summary>
    public static Dictionary<string, object?> Regression(string name = "slice", string method = "SGLD", int epochs = 40,
        int burnIn = 20, long seed = 3)
    {
        return new Dictionary<string, object?>
        {
            ["Name"] = name,
            ["Seed"] = seed,
            ["Method"] = method,
            ["Problem"] = new Dictionary<string, object?>
            {
                ["Name"] = "linear-regression",
                ["Options"] = new Dictionary<string, object?> { ["Observations"] = 50, ["Predictors"] = 10, ["TestObservations"] = 30 },
            },
            ["Network"] = new Dictionary<string, object?> { ["Name"] = "linear" },
            // A constant step, one chain and every sample: these runs test the host, so they keep the plain settings
            // under the problem's Section 6.1 recipe, which the Method would otherwise bring (four chains, thinning 10).
            ["Sampler"] = new Dictionary<string, object?> { ["Options"] = new Dictionary<string, object?> { ["StepSize"] = 1e-3, ["StepDecay"] = 0 } },
            ["Training"] = new Dictionary<string, object?>
            {
                ["Epochs"] = epochs, ["BurnIn"] = burnIn, ["Thinning"] = 1, ["Chains"] = 1, ["ChainSelection"] = "All",
            },
        };
    }

    public static string Write(TempDirectory directory, params object[] runs) => WriteRaw(directory,
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["Output"] = directory.File("out"), ["Runs"] = runs }));

    public static string WriteRaw(TempDirectory directory, string json)
    {
        var path = directory.File($"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
