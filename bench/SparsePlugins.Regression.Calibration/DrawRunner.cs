using System.Globalization;
using System.Text.Json;
using SparsePlugins.Host;
using SparsePlugins.Reference.Regression;

namespace SparsePlugins.Regression.Calibration;

/// <summary>One draw of one setting: data, SA runs through the host, exact posteriors.</summary>
public static class DrawRunner
{
    public static DrawResult Run(CalibrationTest test, int draw, CalibrationOptions options)
    {
        var directory = Path.Combine(options.Output, test.Name, $"draw-{draw}");
        Directory.CreateDirectory(directory);
        var problem = new Dictionary<string, object>(test.ProblemOptions) { ["DataSeed"] = draw };
        var train = Path.Combine(directory, "train.csv");
        var configPath = Path.Combine(directory, "config.json");
        var config = Configuration(directory, problem, options);
        if (!Finished(configPath, config, directory, options))
        {
            using var log = new StreamWriter(Path.Combine(directory, "host.log"));
            Host(log, ["generate", "--problem", "linear-regression", "--samples", "100", "--out", train,
                .. problem.SelectMany(kv => new[] { "--set", $"{kv.Key}={Invariant(kv.Value)}" })]);
            File.WriteAllText(configPath, config);
            Host(log, ["run", "--config", configPath]);
        }
        var data = RegressionData.FromCsv(train);
        var exact = new Dictionary<SpikeSlabModel, ExactPosterior>();
        var continuous = new Dictionary<(SpikeSlabModel, double), InclusionEstimate>();
        var results = options.Methods.Select(method =>
        {
            var result = MethodResult.Read(Path.Combine(directory, "runs", method), method);
            var model = new SpikeSlabModel(result.NoiseVariance, result.SlabVariance, result.BetaA, result.BetaB);
            if (!exact.TryGetValue(model, out var posterior)) exact[model] = posterior = new CollapsedGibbs(options.Sweeps).Run(data, model);
            var key = (model, result.SpikeScale);
            if (!continuous.TryGetValue(key, out var spike))
            {
                continuous[key] = spike = new LaplaceSpikeGibbs(result.SpikeScale, options.Sweeps / 2).Estimate(data, model);
            }
            return (result, posterior, spike);
        }).ToList();
        return new DrawResult(draw, results);
    }

    /// <summary>
    /// This draw already ran in DIR with the same configuration (a bench started again with the same --out after an
    /// interruption): its results are read instead of run again.
    /// </summary>
    private static bool Finished(string configPath, string config, string directory, CalibrationOptions options) =>
        File.Exists(configPath) && File.ReadAllText(configPath) == config
        && options.Methods.All(m => File.Exists(Path.Combine(directory, "runs", m, "summary.json")));

    /// <summary>One run per method, named by it: the shipped recipe, run seed 1, this draw's data, the bench's overrides.</summary>
    private static string Configuration(string directory, Dictionary<string, object> problem, CalibrationOptions options)
    {
        var runs = options.Methods.Select(method =>
        {
            var run = new Dictionary<string, object>
            {
                ["Name"] = method, ["Seed"] = 1, ["Method"] = method,
                ["Problem"] = new Dictionary<string, object> { ["Name"] = "linear-regression", ["Options"] = problem },
                ["Network"] = new Dictionary<string, object> { ["Name"] = "linear" },
            };
            foreach (var setting in options.Overrides) Set(run, setting);
            return run;
        }).ToList();
        var document = new Dictionary<string, object>
        {
            ["Output"] = Path.Combine(directory, "runs"), ["IfRunExists"] = "Overwrite", ["Runs"] = runs,
            ["Logging"] = new Dictionary<string, object> { ["LogLevel"] = new Dictionary<string, object> { ["Default"] = "Warning" } },
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Sets "A:B:C=value" in the run's nested dictionaries (a number when it parses as one).</summary>
    private static void Set(Dictionary<string, object> run, string setting)
    {
        var (path, text) = (setting[..setting.IndexOf('=')].Split(':'), setting[(setting.IndexOf('=') + 1)..]);
        var node = run;
        foreach (var key in path[..^1])
        {
            if (!node.TryGetValue(key, out var child)) node[key] = child = new Dictionary<string, object>();
            node = (Dictionary<string, object>)child;
        }
        node[path[^1]] = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : text;
    }

    private static void Host(TextWriter log, string[] args)
    {
        int code = HostApplication.Run(args, log, log);
        log.Flush();
        if (code != SparsePlugins.Host.Cli.ExitCodes.Success) throw new InvalidOperationException($"host {string.Join(' ', args)} exited with {code}; see its log.");
    }

    private static string Invariant(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!.ToLowerInvariant();
}
