using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>The plugin objects one chain runs with; the host creates them fresh per chain.</summary>
public sealed record ChainPlugins(IProblem Problem, INetwork Network, IPrior Prior, ISampler Sampler)
{
    /// <summary>The chain's hot replicas (Training:Temperatures); null without replica exchange.</summary>
    public ReplicaLadder? Ladder { get; init; }

    /// <summary>The Metropolis moves of this chain or replica after each Langevin step (Training:Jumps, Swaps, GibbsMoves).</summary>
    public IReadOnlyList<MetropolisMove> Moves { get; init; } = [];

    public IReadOnlyList<NamedParameter> Parameters { get; } =
        Network.Module.named_parameters().Select(p => new NamedParameter(p.name, p.parameter)).ToList();
}

/// <summary>How a chain is run: its settings, where its epochs go, and when it checkpoints.</summary>
/// <param name="Checkpoint">Writes a checkpoint of the chain (periodically, and when interrupted); null = never.</param>
/// <param name="ConcurrentChains">Chains of the run running at once, this one included (Training:ParallelChains).</param>
public sealed record ChainJob(
    string RunName,
    TrainingOptions Training,
    Action<int, IReadOnlyDictionary<string, double>> OnEpoch,
    Action<ChainState>? Checkpoint,
    CancellationToken Cancellation,
    int ConcurrentChains = 1);

/// <summary>
/// Runs one chain: the loop that ties problem, network, prior and sampler together over an explicit
/// <see cref="ChainState"/>. A fresh chain and one restored from a checkpoint run through the same code, so a resumed
/// chain continues bit for bit. Every iteration runs inside its own dispose scope so native memory is returned step
/// by step.
/// </summary>
public sealed class ChainRunner(ILogger logger)
{
    /// <summary>Binds prior and sampler to the network: before a fresh chain starts, and before a checkpoint is restored.</summary>
    public static void Initialize(ChainPlugins plugins, TrainingOptions training)
    {
        long n = plugins.Problem.Train.Count;
        long perEpoch = BatchesPerEpoch(n, training);
        long totalIterations = perEpoch * training.Epochs;
        plugins.Prior.Initialize(new PriorSetup(plugins.Parameters, plugins.Network.SparseLayers, n, totalIterations));
        plugins.Prior.Constrain();
        plugins.Sampler.Initialize(new SamplerSetup(plugins.Parameters, n, perEpoch, totalIterations));
    }

    /// <summary>
    /// Runs epochs until the chain finishes (all epochs, or its share of Training:MaxMinutes). On cancellation it
    /// finishes the current step, writes a checkpoint and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public void Run(ChainPlugins plugins, ChainState state, ChainJob job)
    {
        var training = job.Training;
        // The run's budget is shared evenly by its chains, of which ConcurrentChains run at once; null = no budget.
        double? budget = training.MaxMinutes > 0 ? training.MaxMinutes * 60 * job.ConcurrentChains / training.Chains : null;
        using var batches = new MiniBatchGather(plugins.Problem.Train, BatchSize(plugins.Problem.Train.Count, training));
        var loop = new ChainLoop(plugins, state, job, new ChainClock(state.Seconds, budget), batches);
        var lastLog = Stopwatch.StartNew();
        var lastCheckpoint = Stopwatch.StartNew();
        while (!state.Finished)
        {
            bool stopped = RunEpoch(loop);
            var row = EndEpoch(plugins, state, job, loop.Clock.Elapsed);
            state.StoppedAtBudget = stopped;
            state.Finished = stopped || state.Epoch >= training.Epochs;
            job.OnEpoch(state.Chain, row);
            Log(state, job, row, budget, lastLog, loop.Clock.Elapsed);
            if (!state.Finished && CheckpointDue(training, state.Epoch, lastCheckpoint))
            {
                state.Seconds = loop.Clock.Elapsed;
                job.Checkpoint?.Invoke(state);
                lastCheckpoint.Restart();
            }
        }
        state.Seconds = loop.Clock.Elapsed;
    }

    /// <summary>What every step of one chain's loop reads.</summary>
    private sealed record ChainLoop(ChainPlugins Plugins, ChainState State, ChainJob Job, ChainClock Clock, MiniBatchGather Batches);

    private static long BatchesPerEpoch(long n, TrainingOptions training) => (n + BatchSize(n, training) - 1) / BatchSize(n, training);

    private static long BatchSize(long n, TrainingOptions training) =>
        training.BatchSize <= 0 || training.BatchSize > n ? n : training.BatchSize;

    private static bool CheckpointDue(TrainingOptions training, int epoch, Stopwatch sinceLast) =>
        (training.CheckpointEvery > 0 && epoch % training.CheckpointEvery == 0) ||
        (training.CheckpointMinutes > 0 && sinceLast.Elapsed.TotalMinutes >= training.CheckpointMinutes);

    /// <summary>
    /// The steps of one epoch, from where the state stands (the start, or mid-epoch after a resume). Returns true when
    /// the budget stopped it.
    /// </summary>
    private bool RunEpoch(ChainLoop loop)
    {
        var (plugins, state, job, clock, _) = loop;
        var training = job.Training;
        long n = plugins.Problem.Train.Count;
        long batch = BatchSize(n, training);
        int epoch = state.Epoch + 1;
        plugins.Network.Module.train();
        state.Order ??= randperm(n, generator: state.Generator, device: plugins.Problem.Train.Inputs.device).DetachFromDisposeScope();
        bool stopped = false;
        while (state.BatchStart < n)
        {
            long count = Math.Min(batch, n - state.BatchStart);
            state.Iteration++;
            bool sampling = epoch > training.BurnIn && clock.Reached(training.BurnInFraction);
            Step(loop, count, sampling);
            state.BatchStart += count;
            if (clock.OverBudget)
            {
                stopped = true;
                break;
            }
            if (job.Cancellation.IsCancellationRequested)
            {
                state.Seconds = clock.Elapsed;
                job.Checkpoint?.Invoke(state);
                job.Cancellation.ThrowIfCancellationRequested();
            }
        }
        if ((stopped || epoch >= training.Epochs) && state.Collected == 0)
        {
            // Ended inside burn-in: the final state is the chain's only sample, so the run still has a model.
            logger.LogWarning("{Run} chain {Chain}: the chain ended ({Why}) before burn-in did; the final state is its only " +
                "sample. Raise MaxMinutes or Epochs, or lower BurnIn or BurnInFraction.", job.RunName, state.Chain,
                stopped ? "at the budget, Training:MaxMinutes" : "after Training:Epochs");
            Collect(plugins, state);
        }
        state.Order.Dispose();
        state.Order = null;
        state.BatchStart = 0;
        state.Epoch = epoch;
        return stopped;
    }

    /// <summary>One iteration: likelihood gradient, prior gradient, sampler step, latent update, and collection.</summary>
    /// <param name="sampling">Burn-in is over: the step may be collected.</param>
    private static void Step(ChainLoop loop, long count, bool sampling)
    {
        using var scope = NewDisposeScope();
        var (plugins, state, job, _, batches) = loop;
        var (problem, network, prior, sampler) = plugins;
        var training = job.Training;
        var train = problem.Train;
        long n = train.Count;
        long k = state.Iteration;
        var (x, y) = count == n ? (train.Inputs, train.Targets) : batches.Gather(state.Order!, state.BatchStart, count);
        double batchScale = (double)n / count;

        var (prediction, lossValue) = ChainStep.LikelihoodGradient(plugins, x, y, batchScale);
        if (!double.IsFinite(lossValue)) throw ChainStep.Diverged(job.RunName, state.Chain, k, $"loss = {lossValue}");
        state.EpochLoss += lossValue / batchScale;
        bool collect = sampling && k % training.Thinning == 0 && sampler.Collects(k);
        // The state before the step, like the loss: the log joint of the parameters the gradient saw.
        // Only worth its cost (a pass over every weight) where chains are compared.
        bool compareChains = training.Chains > 1 || training.ChainSelection != ChainSelection.All;
        if (collect && compareChains && prior.LogDensity() is { } logPrior) state.LogJointTrace.Add(logPrior - lossValue);
        ChainStep.Move(plugins, prediction, y, batchScale, k, state.Generator);
        foreach (var move in plugins.Moves) move.Apply(plugins, 1, state.Generator);
        if (plugins.Ladder is { } ladder)
        {
            ladder.Advance(x, y, batchScale, k, job.RunName, state.Chain);
            ladder.Exchange(plugins, k);
        }

        if (training.TrimNativeMemoryEvery > 0 && k % training.TrimNativeMemoryEvery == 0) NativeMemory.Trim();
        if (collect) Collect(plugins, state, AverageWeight(training, sampler));
    }

    /// <summary>The weight of the sample this step collects: 1, or eps_k with Training:AverageWeights = StepSize.</summary>
    private static double AverageWeight(TrainingOptions training, ISampler sampler)
    {
        if (training.AverageWeights == AverageWeights.Equal) return 1;
        if (sampler.Diagnostics.TryGetValue("step_size", out var step) && step > 0 && double.IsFinite(step)) return step;
        throw new InvalidOperationException("Training:AverageWeights = StepSize weights samples by the sampler's step size, " +
            "and this sampler reports no positive 'step_size' diagnostic. Use AverageWeights: Equal with it.");
    }

    /// <summary>The epoch's metrics row and the divergence checks on it.</summary>
    private static Dictionary<string, double> EndEpoch(ChainPlugins plugins, ChainState state, ChainJob job, double seconds)
    {
        long n = plugins.Problem.Train.Count;
        var row = EpochMetrics(state.Epoch, state.Iteration, state.EpochLoss / n, plugins, state.Accumulator, seconds);
        state.EpochLoss = 0;
        if (!ParametersFinite(plugins.Parameters))
        {
            throw ChainStep.Diverged(job.RunName, state.Chain, state.Iteration, "a parameter became NaN or infinite");
        }
        var epochLoss = row["train_nll"];
        state.FirstLoss ??= Math.Abs(epochLoss) + 1;
        var factor = job.Training.DivergenceFactor;
        if (factor > 0 && epochLoss > factor * state.FirstLoss)
        {
            throw ChainStep.Diverged(job.RunName, state.Chain, state.Iteration,
                $"the training loss grew from {state.FirstLoss - 1:G4} to {epochLoss:G4} (Training:DivergenceFactor = {factor:G3})");
        }
        state.Rows.Add(row);
        return row;
    }

    private void Log(ChainState state, ChainJob job, IReadOnlyDictionary<string, double> row, double? budget, Stopwatch lastLog,
        double seconds)
    {
        if (state.StoppedAtBudget)
        {
            logger.LogInformation("{Run} chain {Chain}: stopped at the budget of {Minutes:G4} min after epoch {Epoch} " +
                "(iteration {Iteration}, {Samples} samples) {Metrics}", job.RunName, state.Chain, budget!.Value / 60, state.Epoch,
                state.Iteration, state.Accumulator.Count, Brief(row));
        }
        else if (state.Finished || lastLog.Elapsed.TotalSeconds >= job.Training.LogEverySeconds)
        {
            lastLog.Restart();
            logger.LogInformation("{Run} chain {Chain}: epoch {Epoch}/{Epochs} {Metrics} ({Seconds:F1} s)",
                job.RunName, state.Chain, state.Epoch, job.Training.Epochs, Brief(row), seconds);
        }
    }

    /// <summary>Adds the current state to the posterior: test (and validation) predictions, statistics, ensemble.</summary>
    private static void Collect(ChainPlugins plugins, ChainState state, double weight = 1)
    {
        var (problem, network, prior, _) = plugins;
        using var scope = NewDisposeScope();
        var testPrediction = Predict(network.Module, problem.Test.Inputs);
        var metrics = problem.Evaluate(testPrediction, problem.Test.Targets, DataSplit.Test);
        state.TestLossTrace.Add(metrics.Values.FirstOrDefault(double.NaN));
        var validationPrediction = problem.Validation is { } validation ? Predict(network.Module, validation.Inputs) : null;
        state.Accumulator.Add(state.Chain, plugins.Parameters, prior.WeightStatistics, testPrediction, validationPrediction, weight);
        state.Recorder.Offer(state.Chain, state.Iteration, plugins.Parameters);
        state.Collected++;
    }

    private static Dictionary<string, double> EpochMetrics(int epoch, long k, double trainNll, ChainPlugins plugins,
        PosteriorAccumulator accumulator, double seconds)
    {
        var (problem, network, prior, sampler) = plugins;
        var module = network.Module;
        var row = new Dictionary<string, double> { ["epoch"] = epoch, ["iteration"] = k, ["train_nll"] = trainNll };
        using (var scope = NewDisposeScope())
        {
            var prediction = Predict(module, problem.Test.Inputs);
            foreach (var (key, value) in problem.Evaluate(prediction, problem.Test.Targets, DataSplit.Test)) row["test_" + key] = value;
            if (accumulator.AveragePrediction is { } average)
            {
                foreach (var (key, value) in problem.Evaluate(average.to(problem.Shape.DType), problem.Test.Targets, DataSplit.Test))
                {
                    row["bma_test_" + key] = value;
                }
            }
            if (problem.Validation is { } validation)
            {
                var validationPrediction = Predict(module, validation.Inputs);
                foreach (var (key, value) in problem.Evaluate(validationPrediction, validation.Targets, DataSplit.Validation))
                {
                    row["val_" + key] = value;
                }
                if (accumulator.AverageValidationPrediction is { } averageValidation)
                {
                    foreach (var (key, value) in problem.Evaluate(averageValidation.to(problem.Shape.DType), validation.Targets, DataSplit.Validation))
                    {
                        row["bma_val_" + key] = value;
                    }
                }
            }
        }
        // In a dispose scope like the rest: a plugin's temporaries stay referenced (so the GC cannot finalise one while
        // libtorch reads it) and are freed here.
        using (var scope = NewDisposeScope())
        {
            foreach (var (key, value) in prior.Metrics) row["prior_" + key] = value;
            foreach (var (key, value) in sampler.Diagnostics) row["sampler_" + key] = value;
        }
        if (plugins.Ladder is { } ladder) foreach (var (key, value) in ladder.Metrics) row["replicas_" + key] = value;
        foreach (var move in plugins.Moves) row[move.Name + "_accept_rate"] = move.TakeRate();
        row["samples"] = accumulator.Count;
        row["seconds"] = seconds;
        return row;
    }

    /// <summary>Rows per forward pass when predicting a whole test set: bounds the activations' peak memory.</summary>
    public const long PredictionChunk = 64;

    /// <summary>Predicts in evaluation mode without building a graph, a chunk of rows at a time.</summary>
    public static Tensor Predict(nn.Module<Tensor, Tensor> module, Tensor inputs)
    {
        using var _ = no_grad();
        module.eval();
        try
        {
            long rows = inputs.shape[0];
            if (rows <= PredictionChunk) return module.forward(inputs);
            var parts = new List<Tensor>();
            for (long start = 0; start < rows; start += PredictionChunk)
            {
                using var chunk = inputs.narrow(0, start, Math.Min(PredictionChunk, rows - start));
                parts.Add(module.forward(chunk));
            }
            var prediction = cat(parts, 0);
            foreach (var part in parts) part.Dispose();
            return prediction;
        }
        finally
        {
            module.train();
        }
    }

    private static bool ParametersFinite(IReadOnlyList<NamedParameter> parameters)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return parameters.All(p => isfinite(p.Parameter).all().item<bool>());
    }

    private static string Brief(IReadOnlyDictionary<string, double> row) => string.Join(" ", row
        .Where(kv => kv.Key.StartsWith("test_", StringComparison.Ordinal) || kv.Key.StartsWith("bma_test_", StringComparison.Ordinal) || kv.Key == "train_nll")
        .Select(kv => $"{kv.Key}={kv.Value:G4}"));
}
