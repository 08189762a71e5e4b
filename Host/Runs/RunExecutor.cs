using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Surrogates;
using SparsePlugins.Host.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Runs;

/// <summary>
/// Executes one resolved run: creates the problem once, then per chain a fresh network, prior and sampler; writes
/// <c>config.json</c> first, <c>metrics.csv</c> as epochs finish, and <c>summary.json</c> (plus samples and the
/// problem's own outputs) at the end.
/// </summary>
public sealed class RunExecutor(ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<RunExecutor>();

    /// <summary>
    /// Runs and reports; the returned result's tensors live until <paramref name="keepAlive"/> is disposed. The problem
    /// (its data sets) and the network are disposed when the run ends: a sweep keeps only what the comparison needs, so
    /// its memory does not grow by a data set and a network per run (1.2 GB per channelized-darcy run before).
    /// </summary>
    public (RunOutcome Outcome, RunResult? Result) Execute(ResolvedRun run, string outputRoot, string cacheDirectory,
        List<IDisposable> keepAlive, CancellationToken cancellation)
    {
        var spec = run.Specification;
        var directory = Path.Combine(outputRoot, spec.Name);
        Directory.CreateDirectory(directory);
        JsonOutput.Write(Path.Combine(directory, "config.json"), ResolvedConfiguration(run), JsonOutput.ConfigurationOptions);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _logger.LogInformation("Run {Run}: {Method} on {Problem} with {Network}, {Chains} chain(s), seed {Seed}",
            spec.Name, spec.Method, run.Problem.Descriptor.Name, run.Network.Descriptor.Name, spec.Training.Chains, spec.Seed);

        var accumulator = new PosteriorAccumulator(keepSamples: false);
        var chains = new List<ChainResult>();
        // With chain selection each chain fills its own accumulator, and the kept ones are merged at the end.
        bool perChain = spec.Training.ChainSelection != ChainSelection.All && spec.Training.Chains > 1;
        var chainAccumulators = new List<PosteriorAccumulator>();
        var recorders = new List<EnsembleRecorder>();
        nn.Module<Tensor, Tensor>? lastModule = null;
        var runScoped = new List<IDisposable>();
        bool keepSamples = false;
        IReadOnlyList<int>? kept = null;
        try
        {
            var problem = run.Problem.Descriptor.FactoryAs<IProblemPlugin>().Create(run.Problem.Options,
                Context(spec.Seed, cacheDirectory, directory, null, cancellation));
            runScoped.Add(problem);

            using var metrics = new MetricsCsvWriter(Path.Combine(directory, "metrics.csv"));
            var runner = new ChainRunner(loggerFactory.CreateLogger<ChainRunner>());
            for (int chain = 0; chain < spec.Training.Chains; chain++)
            {
                long seed = spec.Seed + chain;
                torch.random.manual_seed(seed);
                var context = Context(seed, cacheDirectory, directory, problem.Shape, cancellation);
                var network = run.Network.Descriptor.FactoryAs<INetworkPlugin>().Create(run.Network.Options, context);
                network.Module.to(problem.Shape.DType);
                if (chain == 0)
                {
                    long weights = network.Module.parameters().Sum(p => p.numel());
                    keepSamples = weights <= spec.Training.MaxStoredWeights;
                    accumulator.Dispose();
                    accumulator = new PosteriorAccumulator(keepSamples);
                }
                var target = accumulator;
                if (perChain)
                {
                    target = new PosteriorAccumulator(keepSamples);
                    chainAccumulators.Add(target);
                }
                var recorder = new EnsembleRecorder((spec.Training.KeepSamples + spec.Training.Chains - 1) / spec.Training.Chains);
                recorders.Add(recorder);
                var prior = run.Prior.Descriptor.FactoryAs<IPriorPlugin>().Create(run.Prior.Options, context);
                var sampler = run.Sampler.Descriptor.FactoryAs<ISamplerPlugin>().Create(run.Sampler.Options, context);
                try
                {
                    chains.Add(runner.Run(chain, seed, spec.Name, problem, network, prior, sampler, spec.Training,
                        target, recorder, (c, _, row) => metrics.Append(c, row), cancellation));
                    if (spec.Training.SaveModel)
                    {
                        var modelPath = Path.Combine(directory, $"model-chain{chain}.dat");
                        network.Module.save(modelPath + ".tmp");
                        File.Move(modelPath + ".tmp", modelPath, overwrite: true);
                    }
                }
                finally
                {
                    if (chain < spec.Training.Chains - 1) network.Module.Dispose();
                    else
                    {
                        runScoped.Add(network.Module);
                        lastModule = network.Module;
                    }
                }
            }

            if (perChain)
            {
                kept = SelectChains(spec, chains);
                accumulator.Dispose();
                accumulator = PosteriorAccumulator.Merge(kept.Select(i => chainAccumulators[i]), keepSamples);
            }

            var members = (kept ?? Enumerable.Range(0, chains.Count).ToList()).SelectMany(i => recorders[i].Members).ToList();
            (PredictiveDistribution Test, Dictionary<string, object?> Summary)? ensemble = members.Count > 0 && lastModule is not null
                ? SaveEnsemble(run, problem, lastModule, members, directory)
                : null;
            if (ensemble is not null) keepAlive.Add(ensemble.Value.Test);

            var result = new RunResult
            {
                TestPredictive = ensemble?.Test,
                RunName = spec.Name,
                Method = spec.Method,
                RunDirectory = directory,
                PosteriorMean = accumulator.Mean,
                PosteriorVariance = accumulator.Variance(),
                Samples = accumulator.Samples(),
                WeightStatistics = accumulator.StatisticMeans(),
                AveragePrediction = accumulator.AveragePrediction,
                History = chains[kept?[0] ?? 0].History.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value),
                SampleCount = accumulator.Count,
            };
            keepAlive.Add(accumulator);
            var report = problem.Report(result);
            var flat = accumulator.FlatSamples();
            WriteSamples(directory, accumulator, flat);
            var summary = Summary(run, chains, accumulator, flat, report, clock.Elapsed.TotalSeconds, RunStatus.Completed, null, kept);
            if (ensemble is not null) summary["ensemble"] = ensemble.Value.Summary;
            JsonOutput.Write(Path.Combine(directory, "summary.json"), summary);
            _logger.LogInformation("Run {Run} finished in {Seconds:F1} s; outputs in {Directory}", spec.Name, clock.Elapsed.TotalSeconds, directory);
            return (Outcome(run, RunStatus.Completed, null, clock.Elapsed.TotalSeconds,
                kept is null ? chains : kept.Select(i => chains[i]).ToList(), report), result);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (perChain && kept is null && chainAccumulators.Count > 0)
            {
                // The finished chains' samples stay in the summary of a failed run.
                accumulator.Dispose();
                accumulator = PosteriorAccumulator.Merge(chainAccumulators, keepSamples);
            }
            var status = e switch
            {
                DivergenceException => RunStatus.Diverged,
                InvalidInputException => RunStatus.InvalidInput,
                _ => RunStatus.Failed,
            };
            _logger.LogError("Run {Run} {Status}: {Message}", spec.Name, status.ToString().ToLowerInvariant(), e.Message);
            _logger.LogDebug(e, "Details of the failure of run {Run}", spec.Name);
            var summary = Summary(run, chains, accumulator, accumulator.FlatSamples(), ProblemReport.Empty, clock.Elapsed.TotalSeconds, status, e.Message, kept);
            JsonOutput.Write(Path.Combine(directory, "summary.json"), summary);
            keepAlive.Add(accumulator);
            return (Outcome(run, status, e.Message, clock.Elapsed.TotalSeconds, chains, ProblemReport.Empty), null);
        }
        finally
        {
            foreach (var part in chainAccumulators) part.Dispose();
            foreach (var recorder in recorders) recorder.Dispose();
            foreach (var disposable in Enumerable.Reverse(runScoped)) disposable.Dispose();
        }
    }

    /// <summary>
    /// Calibrates and evaluates the posterior ensemble (<see cref="EnsembleEvaluation"/>) and writes it to
    /// <c>ensemble.h5</c> with what the problem needs to query it later.
    /// </summary>
    private (PredictiveDistribution Test, Dictionary<string, object?> Summary) SaveEnsemble(ResolvedRun run, IProblem problem,
        nn.Module<Tensor, Tensor> module, IReadOnlyList<EnsembleMember> members, string directory)
    {
        var (noise, test) = EnsembleEvaluation.Evaluate(problem, module, members, problem.NoiseVariance);
        var summary = EnsembleEvaluation.Summary(test, problem.Test.Targets, members.Count, noise);
        var header = new EnsembleHeader(run.Specification.Name, run.Specification.Method, run.Problem.Descriptor.Name,
            OptionsJson(run.Problem.Options), run.Network.Descriptor.Name, OptionsJson(run.Network.Options),
            problem.Shape.InputShape, problem.Shape.OutputSize);
        var state = problem is ISurrogateProblem surrogate ? surrogate.SurrogateState : new Dictionary<string, double[]>();
        var path = Path.Combine(directory, EnsembleFile.FileName);
        EnsembleFile.Write(path, header, members, state, noise);
        long bytes = new FileInfo(path).Length;
        summary["file"] = EnsembleFile.FileName;
        summary["bytes"] = bytes;
        _logger.LogInformation("Run {Run}: saved {Members} ensemble members to {Path} ({Megabytes:F1} MB); 95% interval coverage on the test set {Coverage}",
            run.Specification.Name, members.Count, path, bytes / 1e6,
            ((Dictionary<string, double>)summary["coverage"]!)["0.95"]);
        return (test, summary);
    }

    private static string OptionsJson(object options) =>
        System.Text.Json.JsonSerializer.Serialize(options, options.GetType(), JsonOutput.ConfigurationOptions);

    private PluginContext Context(long seed, string cache, string directory, ProblemShape? shape, CancellationToken cancellation) => new()
    {
        Seed = seed,
        LoggerFactory = loggerFactory,
        CacheDirectory = cache,
        RunDirectory = directory,
        Shape = shape,
        Cancellation = cancellation,
    };

    /// <summary>The run as a configuration file that <c>run --config</c> accepts: every option spelled out.</summary>
    private static object ResolvedConfiguration(ResolvedRun run)
    {
        object Plugin(BoundPlugin p) => new Dictionary<string, object?> { ["Name"] = p.Descriptor.Name, ["Options"] = p.Options };
        var spec = run.Specification;
        var resolved = new Dictionary<string, object?>
        {
            ["Name"] = spec.Name,
            ["Seed"] = spec.Seed,
            ["Method"] = spec.Method,
            ["Problem"] = Plugin(run.Problem),
            ["Network"] = Plugin(run.Network),
            ["Prior"] = Plugin(run.Prior),
            ["Sampler"] = Plugin(run.Sampler),
            ["Training"] = spec.Training,
        };
        return new Dictionary<string, object?>
        {
            ["Runs"] = new[] { resolved },
            ["PluginVersions"] = new[] { run.Problem, run.Network, run.Prior, run.Sampler }
                .ToDictionary(p => $"{p.Descriptor.Kind}:{p.Descriptor.Name}", p => p.Descriptor.Version),
        };
    }

    /// <summary>Training:ChainSelection = LogJoint: the chains within the tolerance of the best mean log joint.</summary>
    private IReadOnlyList<int> SelectChains(RunSpecification spec, List<ChainResult> chains)
    {
        var means = chains.Select(c => ChainSelector.Mean(c.LogJointTrace)).ToList();
        if (means.All(m => !double.IsFinite(m)))
        {
            _logger.LogWarning("Run {Run}: the prior reports no log density, so Training:ChainSelection keeps all {Chains} chains.",
                spec.Name, chains.Count);
        }
        var kept = ChainSelector.Keep(means, spec.Training.ChainSelectionTolerance);
        double best = means.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        foreach (var dropped in Enumerable.Range(0, chains.Count).Except(kept))
        {
            _logger.LogWarning(
                "Run {Run}: chain {Chain} left out of the posterior: its mean log joint density {Value:F1} is {Gap:F1} nats below the best " +
                "chain's (Training:ChainSelectionTolerance = {Tolerance}); it settled in a minor mode.",
                spec.Name, dropped, means[dropped], best - means[dropped], spec.Training.ChainSelectionTolerance);
        }
        return kept;
    }

    private static Dictionary<string, object?> Summary(ResolvedRun run, List<ChainResult> chains, PosteriorAccumulator accumulator,
        (string[] Columns, double[][] Rows)? flat, ProblemReport report, double seconds, RunStatus status, string? error,
        IReadOnlyList<int>? kept)
    {
        var spec = run.Specification;
        var posteriorChains = kept is null ? chains : kept.Select(i => chains[i]).ToList();
        var final = posteriorChains.Count > 0 ? posteriorChains[^1].FinalMetrics : new Dictionary<string, double>();
        var summary = new Dictionary<string, object?>
        {
            ["run"] = spec.Name,
            ["status"] = status,
            ["error"] = error,
            ["method"] = spec.Method,
            ["problem"] = run.Problem.Descriptor.Name,
            ["network"] = run.Network.Descriptor.Name,
            ["prior"] = run.Prior.Descriptor.Name,
            ["sampler"] = run.Sampler.Descriptor.Name,
            ["seed"] = spec.Seed,
            ["chains"] = spec.Training.Chains,
            ["epochsReached"] = chains.Select(c => c.EpochsReached).ToArray(),
            ["stoppedAtBudget"] = chains.Any(c => c.StoppedAtBudget),
            ["maxMinutes"] = spec.Training.MaxMinutes,
            ["wallSeconds"] = Math.Round(seconds, 3),
            ["samples"] = accumulator.Count,
            ["finalMetrics"] = final,
            ["sparsity"] = final.Where(kv => kv.Key.StartsWith("prior_sparsity", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key["prior_".Length..], kv => kv.Value),
            ["convergence"] = Convergence(posteriorChains, accumulator, flat),
            ["meanLogJoint"] = chains.Select(c => Finite(ChainSelector.Mean(c.LogJointTrace))).ToArray(),
        };
        if (kept is not null)
        {
            summary["chainSelection"] = new Dictionary<string, object?>
            {
                ["rule"] = spec.Training.ChainSelection,
                ["tolerance"] = spec.Training.ChainSelectionTolerance,
                ["kept"] = kept,
            };
        }
        foreach (var (key, value) in report.Summary) summary[key] = value;
        return summary;
    }

    private static Dictionary<string, object?> Convergence(List<ChainResult> chains, PosteriorAccumulator accumulator,
        (string[] Columns, double[][] Rows)? samples)
    {
        var traces = chains.Select(c => c.TestLossTrace).Where(t => t.Count > 0).ToList();
        var result = new Dictionary<string, object?>
        {
            ["testLossRHat"] = Finite(ConvergenceDiagnostics.SplitRHat(traces)),
            ["testLossEss"] = Finite(ConvergenceDiagnostics.EffectiveSampleSize(traces)),
        };
        if (samples is { } flat && chains.Count > 0)
        {
            var byChain = flat.Rows.Select((row, i) => (row, chain: accumulator.SampleChains[i]))
                .GroupBy(x => x.chain).Select(g => g.Select(x => x.row).ToList()).ToList();
            var rhat = new double[flat.Columns.Length];
            var ess = new double[flat.Columns.Length];
            for (int w = 0; w < flat.Columns.Length; w++)
            {
                var perChain = byChain.Select(c => (IReadOnlyList<double>)c.Select(r => r[w]).ToList()).ToList();
                rhat[w] = ConvergenceDiagnostics.SplitRHat(perChain);
                ess[w] = ConvergenceDiagnostics.EffectiveSampleSize(perChain);
            }
            var finiteRhat = rhat.Where(double.IsFinite).ToArray();
            var finiteEss = ess.Where(double.IsFinite).ToArray();
            result["weightRHatMax"] = finiteRhat.Length > 0 ? finiteRhat.Max() : null;
            result["weightEssMin"] = finiteEss.Length > 0 ? finiteEss.Min() : null;
            result["weightRHat"] = rhat.Select(Finite).ToArray();
            result["weightEss"] = ess.Select(Finite).ToArray();
        }
        return result;
    }

    private static double? Finite(double x) => double.IsFinite(x) ? Math.Round(x, 6) : null;

    private static void WriteSamples(string directory, PosteriorAccumulator accumulator, (string[] Columns, double[][] Rows)? samples)
    {
        if (samples is not { } flat) return;
        var builder = new StringBuilder();
        builder.Append("chain,").AppendLine(string.Join(",", flat.Columns));
        for (int i = 0; i < flat.Rows.Length; i++)
        {
            builder.Append(accumulator.SampleChains[i].ToString(CultureInfo.InvariantCulture));
            foreach (var v in flat.Rows[i]) builder.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            builder.AppendLine();
        }
        var path = Path.Combine(directory, "samples.csv");
        File.WriteAllText(path + ".tmp", builder.ToString());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static RunOutcome Outcome(ResolvedRun run, RunStatus status, string? error, double seconds,
        List<ChainResult> chains, ProblemReport report) => new(
        run.Specification.Name, run.Specification.Method, status, error, seconds,
        chains.Count > 0 ? chains[^1].FinalMetrics : new Dictionary<string, double>(),
        report.Comparison, run.Problem.Descriptor.Name);
}
