using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Cli;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Surrogates;
using SparsePlugins.Host.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Runs;

/// <summary>
/// A run's lifecycle: its folder's status (<c>status.json</c>, first and last), <c>config.json</c>, the problem, the
/// chains (each fresh or restored from its checkpoint), the posterior and ensemble, <c>summary.json</c>. Every
/// ending (completed, failed, diverged, interrupted) leaves the status saying so.
/// </summary>
public sealed class RunExecutor(ILoggerFactory loggerFactory, HostSettings settings)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<RunExecutor>();

    /// <summary>Resolved once; RunCommand has already turned a bad setting into a message before any run started.</summary>
    private readonly Lazy<Device> _device = new(() => DeviceSetting.Resolve(settings.Device));

    /// <summary>
    /// Runs and reports; the returned result's tensors live until <paramref name="keepAlive"/> is disposed. The problem
    /// (its data sets), the networks and the chains' states are disposed when the run ends: a sweep keeps only what the
    /// comparison needs (1.2 GB per channelized-darcy run before).
    /// </summary>
    public (RunOutcome Outcome, RunResult? Result) Execute(RunPlan plan, string cacheDirectory, List<IDisposable> keepAlive,
        CancellationToken cancellation)
    {
        var (run, directory, hash, start) = plan;
        var spec = run.Specification;
        var status = RunStatusFile.Start(hash);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _logger.LogInformation("Run {Run}: {Method} on {Problem} with {Network}, {Chains} chain(s), seed {Seed}{Resumed}",
            spec.Name, spec.Method, run.Problem.Descriptor.Name, run.Network.Descriptor.Name, spec.Training.Chains, spec.Seed,
            start == RunStart.Resume ? ", resumed from its checkpoints" : "");
        if (spec.Training.Replicas > 1)
        {
            _logger.LogInformation("Run {Run}: replica exchange, {Replicas} replicas per chain at temperatures [{Ladder}], swaps every {Every} iterations",
                spec.Name, spec.Training.Replicas, string.Join(", ", spec.Training.Temperatures), spec.Training.SwapEvery);
        }

        var states = new List<ChainState>();
        var runScoped = new List<IDisposable>();
        try
        {
            Prepare(plan, status);
            var problem = run.Problem.Descriptor.FactoryAs<IProblemPlugin>().Create(run.Problem.Options,
                Context(spec.Seed, cacheDirectory, directory, null, cancellation));
            runScoped.Add(problem);
            ProblemContract.Check(problem, run.Problem.Descriptor.Name);
            var lastModule = RunChains(plan, problem, cacheDirectory, states, runScoped, cancellation);
            // A resumed run's wall time includes the processes before this one.
            double seconds = clock.Elapsed.TotalSeconds + states.Sum(s => s.ResumedSeconds);
            var (outcome, result) = Finish(plan, problem, lastModule, states, seconds, keepAlive);
            status.With(RunStatus.Completed).Write(directory);
            DeleteCheckpoints(directory);
            return (outcome, result);
        }
        catch (OperationCanceledException)
        {
            status.With(RunStatus.Interrupted, "Interrupted (Ctrl+C or SIGTERM); `run --resume` continues from the checkpoint.").Write(directory);
            _logger.LogWarning("Run {Run} interrupted; its checkpoint is in {Directory}. Continue it with `run --resume`.",
                spec.Name, RunFolders.CheckpointDirectory(directory));
            throw;
        }
        catch (Exception e)
        {
            var runStatus = ExitCodes.Unwrap(e) is DivergenceException ? RunStatus.Diverged
                : ExitCodes.Of(e) == ExitCodes.BadInput ? RunStatus.InvalidInput
                : RunStatus.Failed;
            // "failed" against "has invalid input" already tells the user whose the problem is.
            var message = FailureText.Describe(ExitCodes.Unwrap(e));
            _logger.LogError("Run {Run} {Status}: {Message}", spec.Name, runStatus.ToString().ToLowerInvariant(), message);
            _logger.LogDebug(e, "Details of the failure of run {Run}", spec.Name);
            var chains = states.Select(s => s.Result()).ToList();
            RecordFailure(plan, states, chains, status.With(runStatus, message), clock.Elapsed.TotalSeconds);
            return (Outcome(run, runStatus, message, clock.Elapsed.TotalSeconds, chains, ProblemReport.Empty), null);
        }
        finally
        {
            foreach (var state in states) state.Dispose();
            foreach (var disposable in Enumerable.Reverse(runScoped)) disposable.Dispose();
        }
    }

    /// <summary>The run's folder, emptied first for a fresh start, with its status and resolved configuration.</summary>
    private static void Prepare(RunPlan plan, RunStatusFile status)
    {
        if (plan.Start == RunStart.Fresh) RunFolders.Clear(plan.Directory);
        Directory.CreateDirectory(plan.Directory);
        status.Write(plan.Directory);
        JsonOutput.Write(Path.Combine(plan.Directory, "config.json"), RunConfigurationJson.Document(plan.Run),
            JsonOutput.ConfigurationOptions);
    }

    /// <summary>
    /// summary.json (with the finished chains' samples) and status.json of a run that did not complete. Writing them can
    /// fail for the same reason the run did (a full disk): then the log says so and the other runs still go ahead.
    /// </summary>
    private void RecordFailure(RunPlan plan, List<ChainState> states, List<ChainResult> chains, RunStatusFile status, double seconds)
    {
        try
        {
            using var accumulator = Posterior(states);
            var assessment = ConvergenceAssessment.Of(chains, null, []);
            var summary = RunSummary.Build(plan.Run, chains, accumulator, ProblemReport.Empty,
                seconds, status.Status, status.Error, null, assessment);
            JsonOutput.Write(Path.Combine(plan.Directory, "summary.json"), summary);
            status.Write(plan.Directory);
        }
        catch (IOException e)
        {
            _logger.LogError("Run {Run}: could not record its failure in {Directory}: {Message}", plan.Run.Specification.Name,
                plan.Directory, FailureText.Describe(e));
        }
    }

    /// <summary>
    /// Runs (or restores) every chain; returns the last chain's network, kept for the ensemble. Chains of a small network
    /// run side by side (<see cref="ChainParallelism"/>); one at a time, each chain's network is freed before the next
    /// is built.
    /// </summary>
    private nn.Module<Tensor, Tensor> RunChains(RunPlan plan, IProblem problem, string cacheDirectory, List<ChainState> states,
        List<IDisposable> runScoped, CancellationToken cancellation)
    {
        var training = plan.Run.Specification.Training;
        using var metrics = new MetricsCsvWriter(Path.Combine(plan.Directory, "metrics.csv"));
        var prepared = new List<PreparedChain>();
        try
        {
            prepared.Add(PrepareChain(plan, problem, 0, cacheDirectory, states, metrics, cancellation));
            int width = ChainParallelism.Width(training, prepared[0].Weights);
            if (width > 1)
            {
                _logger.LogInformation("Run {Run}: {Chains} chains, {Width} at a time (Training:ParallelChains)",
                    plan.Run.Specification.Name, training.Chains, width);
                for (int chain = 1; chain < training.Chains; chain++) prepared.Add(PrepareChain(plan, problem, chain, cacheDirectory, states, metrics, cancellation));
                ChainParallelism.Run(prepared, width, chain => RunPrepared(plan, chain, metrics, width, cancellation));
            }
            else
            {
                for (int chain = 0; chain < training.Chains; chain++)
                {
                    if (chain > 0)
                    {
                        prepared[^1].Dispose(disposeNetwork: true);
                        prepared.Add(PrepareChain(plan, problem, chain, cacheDirectory, states, metrics, cancellation));
                    }
                    RunPrepared(plan, prepared[^1], metrics, 1, cancellation);
                }
            }
            var last = prepared[^1].Plugins.Network.Module;
            runScoped.Add(last);
            prepared[^1].Dispose(disposeNetwork: false);
            prepared.RemoveAt(prepared.Count - 1);
            return last;
        }
        finally
        {
            foreach (var chain in prepared) chain.Dispose(disposeNetwork: true);
        }
    }

    /// <summary>A chain with its plugins built and bound, restored from its checkpoint when it has one: ready to run.</summary>
    private sealed record PreparedChain(ChainPlugins Plugins, ChainState State, string CheckpointPath, long Weights)
    {
        private bool _disposed;

        /// <summary>Frees the prior and sampler, and the network unless the run keeps it for the ensemble.</summary>
        public void Dispose(bool disposeNetwork)
        {
            if (_disposed) return;
            _disposed = true;
            Free(Plugins, disposeNetwork);
            Plugins.Ladder?.Dispose();
        }
    }

    /// <summary>
    /// One chain's fresh plugins (and hot replicas), built on the calling thread in chain order (a network's default
    /// initialisers draw from torch's global generator, seeded here), bound and restored from the chain's checkpoint when
    /// there is one.
    /// </summary>
    private PreparedChain PrepareChain(RunPlan plan, IProblem problem, int chain, string cacheDirectory,
        List<ChainState> states, MetricsCsvWriter metrics, CancellationToken cancellation)
    {
        var (run, directory, hash, _) = plan;
        var spec = run.Specification;
        var seeds = ChainSeeds.For(spec.Seed, chain, spec.Training);
        var built = new List<ChainPlugins>();
        Generator? swaps = null;
        try
        {
            built.Add(BuildPlugins(plan, problem, chain, seeds, cacheDirectory, cancellation));
            for (int r = 1; r < spec.Training.Replicas; r++)
            {
                built.Add(BuildPlugins(plan, problem, chain, seeds.Replica(r), cacheDirectory, cancellation));
            }
            ReplicaLadder? ladder = null;
            if (built.Count > 1) ladder = Ladder(spec.Training, seeds, built, swaps = new Generator((ulong)seeds.Swaps, _device.Value));
            var plugins = built[0] with { Ladder = ladder };
            long weights = plugins.Network.Module.parameters().Sum(p => p.numel());
            var capacity = (spec.Training.KeepSamples + spec.Training.Chains - 1) / spec.Training.Chains;
            var state = new ChainState(chain, seeds.Noise, capacity, keepSamples: weights <= spec.Training.MaxStoredWeights, _device.Value);
            states.Add(state);

            var checkpoint = RunFolders.CheckpointPath(directory, chain);
            if (File.Exists(checkpoint))
            {
                ChainCheckpoint.Restore(checkpoint, hash, state, plugins);
                _logger.LogInformation("Run {Run} chain {Chain}: resumed at epoch {Epoch}, iteration {Iteration}{Finished}",
                    spec.Name, chain, state.Epoch, state.Iteration, state.Finished ? " (finished)" : "");
            }
            foreach (var row in state.Rows) metrics.Append(chain, row);
            return new PreparedChain(plugins, state, checkpoint, weights);
        }
        catch
        {
            foreach (var plugins in built) Free(plugins, disposeNetwork: true);
            swaps?.Dispose();
            throw;
        }
    }

    /// <summary>The hot replicas of <paramref name="built"/>[1..] at the ladder's temperatures, each with its own generator.</summary>
    private ReplicaLadder Ladder(TrainingOptions training, ChainSeeds seeds, List<ChainPlugins> built, Generator swaps)
    {
        // Every replica's latents start from its own parameters, as after a swap; a prior whose state cannot follow
        // swaps says so here, before any step (and before the generators exist).
        foreach (var replica in built) replica.Prior.Refresh();
        var hot = built.Skip(1).Select((p, i) => new Replica(p, training.Temperatures[i + 1],
            new Generator((ulong)seeds.Replica(i + 1).Noise, _device.Value))).ToList();
        return new ReplicaLadder(hot, training.SwapEvery, swaps);
    }

    /// <summary>The moves each chain (and replica) makes after its Langevin steps: scale jumps, pair swaps, then Gibbs moves.</summary>
    private static List<MetropolisMove> MetropolisMoves(TrainingOptions training)
    {
        var moves = new List<MetropolisMove>();
        if (training.Jumps > 0) moves.Add(new ScaleJumps(training.Jumps, training.JumpFactors[0], training.JumpFactors[1]));
        if (training.Swaps > 0) moves.Add(new PairSwaps(training.Swaps, training.SwapFactor));
        if (training.GibbsMoves > 0) moves.Add(new GibbsMoves(training.GibbsMoves, training.GibbsSpan));
        return moves;
    }

    /// <summary>A network, prior and sampler for one chain or replica, from its seeds, bound to each other.</summary>
    private ChainPlugins BuildPlugins(RunPlan plan, IProblem problem, int chain, ChainSeeds seeds, string cacheDirectory,
        CancellationToken cancellation)
    {
        var (run, directory, _, _) = plan;
        var spec = run.Specification;
        torch.random.manual_seed(seeds.Init);
        var network = run.Network.Descriptor.FactoryAs<INetworkPlugin>().Create(run.Network.Options,
            Context(seeds.Init, cacheDirectory, directory, problem.Shape, cancellation));
        var context = Context(seeds.Noise, cacheDirectory, directory, problem.Shape, cancellation);
        network.Module.to(problem.Shape.DType).to(_device.Value);
        IPrior? prior = null;
        ISampler? sampler = null;
        try
        {
            if (spec.Training.InitFrom is { } initFrom) WarmStart.Load(network.Module, initFrom, chain);
            prior = run.Prior.Descriptor.FactoryAs<IPriorPlugin>().Create(run.Prior.Options, context);
            sampler = run.Sampler.Descriptor.FactoryAs<ISamplerPlugin>().Create(run.Sampler.Options, context);
            var training = spec.Training;
            var plugins = new ChainPlugins(problem, network, prior, sampler) { Moves = MetropolisMoves(training) };
            ChainRunner.Initialize(plugins, training);
            // Moves replace weights as a replica swap replaces all: a prior whose state cannot follow says so before any step.
            if (plugins.Moves.Count > 0) prior.Refresh();
            return plugins;
        }
        catch
        {
            (prior as IDisposable)?.Dispose();
            (sampler as IDisposable)?.Dispose();
            network.Module.Dispose();
            throw;
        }
    }

    /// <summary>Frees a chain's prior and sampler, and its network unless the run keeps it for the ensemble.</summary>
    private static void Free(ChainPlugins plugins, bool disposeNetwork)
    {
        (plugins.Prior as IDisposable)?.Dispose();
        (plugins.Sampler as IDisposable)?.Dispose();
        if (disposeNetwork) plugins.Network.Module.Dispose();
    }

    /// <summary>Runs a prepared chain to its end (unless its checkpoint says it finished) and saves its model.</summary>
    /// <param name="concurrent">Chains running at once: each gets that share of Training:MaxMinutes.</param>
    private void RunPrepared(RunPlan plan, PreparedChain chain, MetricsCsvWriter metrics, int concurrent, CancellationToken cancellation)
    {
        var (run, directory, hash, _) = plan;
        var spec = run.Specification;
        var (plugins, state, checkpoint, _) = chain;
        if (!state.Finished)
        {
            var job = new ChainJob(spec.Name, spec.Training, (c, row) => metrics.Append(c, row),
                s => WriteCheckpoint(checkpoint, hash, s, plugins), cancellation, concurrent);
            new ChainRunner(loggerFactory.CreateLogger<ChainRunner>()).Run(plugins, state, job);
            // A finished chain's checkpoint lets a later chain's interruption resume without redoing this one.
            if (state.Chain < spec.Training.Chains - 1) WriteCheckpoint(checkpoint, hash, state, plugins);
        }
        if (spec.Training.SaveModel) SaveModel(plugins.Network.Module, Path.Combine(directory, $"model-chain{state.Chain}.dat"));
    }

    private void WriteCheckpoint(string path, string hash, ChainState state, ChainPlugins plugins)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ChainCheckpoint.Write(path, hash, state, plugins);
        _logger.LogInformation("Checkpoint of chain {Chain} at epoch {Epoch}, iteration {Iteration}: {Megabytes:F1} MB in {Seconds:F2} s",
            state.Chain, state.Epoch, state.Iteration, new FileInfo(path).Length / 1e6, clock.Elapsed.TotalSeconds);
    }

    /// <summary>One accumulator of the given chains' samples (a copy: the chains' own go with their states).</summary>
    private static PosteriorAccumulator Posterior(IReadOnlyList<ChainState> states) =>
        PosteriorAccumulator.Merge(states.Select(s => s.Accumulator), keepSamples: states.All(s => s.Accumulator.KeepsSamples));

    private static void SaveModel(nn.Module<Tensor, Tensor> module, string path)
    {
        AtomicFile.Write(path, temporary => module.save(temporary));
    }

    private static void DeleteCheckpoints(string directory)
    {
        var folder = RunFolders.CheckpointDirectory(directory);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>The posterior of the kept chains, the ensemble, the problem's report, samples and summary.</summary>
    private (RunOutcome, RunResult) Finish(RunPlan plan, IProblem problem, nn.Module<Tensor, Tensor> lastModule,
        List<ChainState> states, double seconds, List<IDisposable> keepAlive)
    {
        var (run, directory, _, _) = plan;
        var spec = run.Specification;
        var chains = states.Select(s => s.Result()).ToList();
        bool select = spec.Training.ChainSelection != ChainSelection.All && spec.Training.Chains > 1;
        IReadOnlyList<int>? kept = select ? SelectChains(spec, chains) : null;
        var keptStates = (kept ?? Enumerable.Range(0, states.Count).ToList()).Select(i => states[i]).ToList();
        var accumulator = Posterior(keptStates);
        keepAlive.Add(accumulator);

        var members = keptStates.SelectMany(s => s.Recorder.Members).ToList();
        var ensemble = members.Count > 0 ? SaveEnsemble(run, problem, lastModule, members, directory) : null;
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
            Chains = ChainPosteriors(states, kept, keepAlive),
        };
        var report = problem.Report(result);
        RunSummary.WriteSamples(directory, accumulator, accumulator.FlatSamples());
        var assessment = ConvergenceAssessment.Of(chains, kept, report.Warnings);
        LogWarnings(spec.Name, assessment.Warnings);
        var summary = RunSummary.Build(run, chains, accumulator, report, seconds, RunStatus.Completed, null, kept, assessment);
        if (ensemble is not null) summary["ensemble"] = ensemble.Value.Summary;
        JsonOutput.Write(Path.Combine(directory, "summary.json"), summary);
        _logger.LogInformation("Run {Run} finished in {Seconds:F1} s; outputs in {Directory}", spec.Name, seconds, directory);
        var posteriorChains = kept is null ? chains : kept.Select(i => chains[i]).ToList();
        var outcome = Outcome(run, RunStatus.Completed, null, seconds, posteriorChains, report) with { Warnings = assessment.Warnings };
        return (outcome, result);
    }

    /// <summary>
    /// Each chain's own means and statistics, for a problem that compares chains (selected sets). Copies: the chains'
    /// accumulators go with their states when the run ends, the result lives until the comparison.
    /// </summary>
    private static List<ChainPosterior> ChainPosteriors(List<ChainState> states, IReadOnlyList<int>? kept, List<IDisposable> keepAlive)
    {
        var result = new List<ChainPosterior>();
        foreach (var state in states)
        {
            var mean = state.Accumulator.Mean.ToDictionary(kv => kv.Key, kv => CpuCopy(kv.Value));
            var statistics = state.Accumulator.StatisticMeans().ToDictionary(kv => kv.Key,
                kv => (IReadOnlyDictionary<string, Tensor>)kv.Value.ToDictionary(s => s.Key, s => CpuCopy(s.Value, dispose: true)));
            keepAlive.AddRange(mean.Values);
            keepAlive.AddRange(statistics.Values.SelectMany(s => s.Values));
            result.Add(new ChainPosterior
            {
                Chain = state.Chain,
                Kept = kept is null || kept.Contains(state.Chain),
                SampleCount = state.Accumulator.Count,
                PosteriorMean = mean,
                WeightStatistics = statistics,
            });
        }
        return result;
    }

    private static Tensor CpuCopy(Tensor tensor, bool dispose = false)
    {
        using var detached = tensor.detach();
        using var cpu = detached.cpu();
        var copy = cpu.clone();
        if (dispose) tensor.Dispose();
        return copy;
    }

    /// <summary>Every warning in the log as well, strong ones first, each with its fix.</summary>
    private void LogWarnings(string run, IReadOnlyList<ConvergenceWarning> warnings)
    {
        foreach (var w in warnings)
        {
            _logger.LogWarning("Run {Run}: {Severity} on {Quantity}: {Message} Fix: {Fix}", run,
                w.Severity == WarningSeverity.Strong ? "STRONG WARNING" : "warning", w.Quantity, w.Message, w.Fix);
        }
    }

    /// <summary>
    /// Calibrates and evaluates the posterior ensemble (<see cref="EnsembleEvaluation"/>) and writes it to
    /// <c>ensemble.h5</c> with what the problem needs to query it later.
    /// </summary>
    private (PredictiveDistribution Test, Dictionary<string, object?> Summary)? SaveEnsemble(ResolvedRun run, IProblem problem,
        nn.Module<Tensor, Tensor> module, IReadOnlyList<EnsembleMember> members, string directory)
    {
        var (calibration, test) = EnsembleEvaluation.Evaluate(problem, module, members, problem.NoiseVariance,
            run.Specification.Training.Intervals);
        var summary = EnsembleEvaluation.Summary(test, problem.Test.Targets, members.Count, calibration);
        var header = new EnsembleHeader(run.Specification.Name, run.Specification.Method, run.Problem.Descriptor.Name,
            RunConfigurationJson.OptionsJson(run.Problem.Options), run.Network.Descriptor.Name,
            RunConfigurationJson.OptionsJson(run.Network.Options), problem.Shape.InputShape, problem.Shape.OutputSize);
        var state = problem is ISurrogateProblem surrogate ? surrogate.SurrogateState : new Dictionary<string, double[]>();
        var path = Path.Combine(directory, EnsembleFile.FileName);
        EnsembleFile.Write(path, header, members, state, calibration);
        long bytes = new FileInfo(path).Length;
        summary["file"] = EnsembleFile.FileName;
        summary["bytes"] = bytes;
        _logger.LogInformation("Run {Run}: saved {Members} ensemble members to {Path} ({Megabytes:F1} MB); 95% interval coverage on the test set {Coverage}",
            run.Specification.Name, members.Count, path, bytes / 1e6,
            ((Dictionary<string, double>)summary["coverage"]!)["0.95"]);
        return (test, summary);
    }

    private PluginContext Context(long seed, string cache, string directory, ProblemShape? shape, CancellationToken cancellation) => new()
    {
        Seed = seed,
        LoggerFactory = loggerFactory,
        CacheDirectory = cache,
        RunDirectory = directory,
        Shape = shape,
        Cancellation = cancellation,
        Device = _device.Value,
    };

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

    private static RunOutcome Outcome(ResolvedRun run, RunStatus status, string? error, double seconds,
        List<ChainResult> chains, ProblemReport report) => new(
        run.Specification.Name, run.Specification.Method, status, error, seconds,
        chains.Count > 0 ? chains[^1].FinalMetrics : new Dictionary<string, double>(),
        report.Comparison, run.Problem.Descriptor.Name);
}
