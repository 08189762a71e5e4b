using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// Runs one chain: the loop that ties problem, network, prior and sampler together. Owns the chain's random
/// generator; every iteration runs inside its own dispose scope so native memory is returned step by step.
/// </summary>
public sealed class ChainRunner(ILogger logger)
{
    /// <param name="onEpoch">Called after every epoch with the chain index, epoch and its metrics row.</param>
    public ChainResult Run(
        int chain,
        long seed,
        string runName,
        IProblem problem,
        INetwork network,
        IPrior prior,
        ISampler sampler,
        TrainingOptions training,
        PosteriorAccumulator accumulator,
        EnsembleRecorder? ensemble,
        Action<int, int, IReadOnlyDictionary<string, double>> onEpoch,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        // The run's budget is shared evenly by its chains; null = no budget.
        TimeSpan? budget = training.MaxMinutes > 0 ? TimeSpan.FromMinutes(training.MaxMinutes / training.Chains) : null;
        bool stopped = false;
        int epochsDone = 0;
        int collected = 0;
        var module = network.Module;
        var parameters = module.named_parameters().Select(p => new NamedParameter(p.name, p.parameter)).ToList();
        var train = problem.Train;
        long n = train.Count;
        long batch = training.BatchSize <= 0 || training.BatchSize > n ? n : training.BatchSize;
        long batchesPerEpoch = (n + batch - 1) / batch;
        long totalIterations = batchesPerEpoch * training.Epochs;

        prior.Initialize(new PriorSetup(parameters, network.SparseLayers, n, totalIterations));
        prior.Constrain();
        sampler.Initialize(parameters);

        using var generator = new Generator((ulong)seed);
        var history = new Dictionary<string, List<double>>();
        var testLossTrace = new List<double>();
        var logJointTrace = new List<double>();
        bool compareChains = training.Chains > 1 || training.ChainSelection != ChainSelection.All;
        IReadOnlyDictionary<string, double> last = new Dictionary<string, double>();
        var lastLog = Stopwatch.StartNew();
        long k = 0;
        double? firstLoss = null;

        for (int epoch = 1; epoch <= training.Epochs && !stopped; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            module.train();
            double lossSum = 0;
            using (var order = randperm(n, generator: generator))
            {
                for (long start = 0; start < n; start += batch)
                {
                    using var scope = NewDisposeScope();
                    k++;
                    var count = Math.Min(batch, n - start);
                    var index = order.narrow(0, start, count);
                    var x = count == n ? train.Inputs : train.Inputs.index_select(0, index);
                    var y = count == n ? train.Targets : train.Targets.index_select(0, index);
                    double batchScale = (double)n / count;

                    foreach (var p in parameters) p.Parameter.grad = null;
                    var prediction = module.forward(x);
                    var noise = prior.NoiseVariance ?? problem.NoiseVariance;
                    // Explicit, scoped Scalars: an implicit double -> Scalar conversion can be finalised by the GC
                    // while libtorch still reads it (TorchSharp issue), which corrupts the call at random.
                    using var scaleScalar = batchScale.ToScalar();
                    var loss = problem.NegativeLogLikelihood(prediction, y, noise).mul(scaleScalar);
                    loss.backward();
                    double lossValue = loss.ToDouble();
                    if (!double.IsFinite(lossValue))
                    {
                        throw Diverged(runName, chain, k, $"loss = {lossValue}");
                    }
                    lossSum += lossValue / batchScale;
                    bool collect = epoch > training.BurnIn && k % training.Thinning == 0;
                    // The state before the step, like the loss: the log joint of the parameters the gradient saw.
                    // Only worth its cost (a pass over every weight) where chains are compared.
                    if (collect && compareChains && prior.LogDensity() is { } logPrior) logJointTrace.Add(logPrior - lossValue);

                    prior.AddGradient();
                    sampler.Step(new SamplerStep(k, generator));
                    double sse;
                    using (no_grad())
                    {
                        sse = prediction.detach().sub(y).Squared().sum().ToDouble() * batchScale;
                    }
                    prior.Update(new PriorUpdate(k, sse, problem.Shape.OutputSize));
                    prior.Constrain();

                    if (training.TrimNativeMemoryEvery > 0 && k % training.TrimNativeMemoryEvery == 0)
                    {
                        NativeMemory.Trim();
                    }

                    if (collect)
                    {
                        Collect(chain, k, problem, module, parameters, prior, accumulator, ensemble, testLossTrace);
                        collected++;
                    }
                    if (budget is { } limit && clock.Elapsed >= limit)
                    {
                        stopped = true;
                        break;
                    }
                }
            }
            if (stopped && collected == 0)
            {
                // Stopped inside burn-in: the final state is the chain's only sample, so the run still has a model.
                logger.LogWarning("{Run} chain {Chain}: the budget (Training:MaxMinutes) ended during burn-in; the final state " +
                    "is its only sample. Raise MaxMinutes or lower BurnIn.", runName, chain);
                Collect(chain, k, problem, module, parameters, prior, accumulator, ensemble, testLossTrace);
            }
            epochsDone = epoch;

            var row = EpochMetrics(epoch, k, lossSum / n, problem, module, prior, sampler, accumulator, clock);
            if (!ParametersFinite(parameters))
            {
                throw Diverged(runName, chain, k, "a parameter became NaN or infinite");
            }
            var epochLoss = row["train_nll"];
            firstLoss ??= Math.Abs(epochLoss) + 1;
            if (training.DivergenceFactor > 0 && epochLoss > training.DivergenceFactor * firstLoss)
            {
                throw Diverged(runName, chain, k,
                    $"the training loss grew from {firstLoss - 1:G4} to {epochLoss:G4} (Training:DivergenceFactor = {training.DivergenceFactor:G3})");
            }
            foreach (var (key, value) in row)
            {
                if (!history.TryGetValue(key, out var list)) history[key] = list = [];
                list.Add(value);
            }
            last = row;
            onEpoch(chain, epoch, row);
            if (stopped)
            {
                logger.LogInformation("{Run} chain {Chain}: stopped at the budget of {Minutes:G4} min after epoch {Epoch} " +
                    "(iteration {Iteration}, {Samples} samples) {Metrics}", runName, chain, budget!.Value.TotalMinutes, epoch, k,
                    accumulator.Count, Brief(row));
            }
            else if (epoch == training.Epochs || lastLog.Elapsed.TotalSeconds >= training.LogEverySeconds)
            {
                lastLog.Restart();
                logger.LogInformation("{Run} chain {Chain}: epoch {Epoch}/{Epochs} {Metrics} ({Seconds:F1} s)",
                    runName, chain, epoch, training.Epochs, Brief(row), clock.Elapsed.TotalSeconds);
            }
        }
        return new ChainResult(chain, history, testLossTrace, last, clock.Elapsed.TotalSeconds, logJointTrace)
        {
            EpochsReached = epochsDone,
            StoppedAtBudget = stopped,
        };
    }

    /// <summary>Adds the current state to the posterior: test (and validation) predictions, statistics, ensemble.</summary>
    private static void Collect(int chain, long k, IProblem problem, nn.Module<Tensor, Tensor> module,
        IReadOnlyList<NamedParameter> parameters, IPrior prior, PosteriorAccumulator accumulator, EnsembleRecorder? ensemble,
        List<double> testLossTrace)
    {
        var testPrediction = Predict(module, problem.Test.Inputs);
        var metrics = problem.Evaluate(testPrediction, problem.Test.Targets, DataSplit.Test);
        testLossTrace.Add(metrics.Values.FirstOrDefault(double.NaN));
        var validationPrediction = problem.Validation is { } validation ? Predict(module, validation.Inputs) : null;
        accumulator.Add(chain, parameters, prior.WeightStatistics, testPrediction, validationPrediction);
        ensemble?.Offer(chain, k, parameters);
    }

    private static Dictionary<string, double> EpochMetrics(int epoch, long k, double trainNll, IProblem problem,
        nn.Module<Tensor, Tensor> module, IPrior prior, ISampler sampler, PosteriorAccumulator accumulator, Stopwatch clock)
    {
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
        foreach (var (key, value) in prior.Metrics) row["prior_" + key] = value;
        foreach (var (key, value) in sampler.Diagnostics) row["sampler_" + key] = value;
        row["samples"] = accumulator.Count;
        row["seconds"] = clock.Elapsed.TotalSeconds;
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

    private static DivergenceException Diverged(string run, int chain, long k, string what) => new(
        $"Run '{run}', chain {chain} diverged at iteration {k}: {what}. Lower the sampler's step size " +
        "(Sampler:Options:StepSize), raise the batch size, or check the data for extreme values. " +
        "Metrics up to the previous epoch are kept in the run folder.");

    private static string Brief(IReadOnlyDictionary<string, double> row) => string.Join(" ", row
        .Where(kv => kv.Key.StartsWith("test_", StringComparison.Ordinal) || kv.Key.StartsWith("bma_test_", StringComparison.Ordinal) || kv.Key == "train_nll")
        .Select(kv => $"{kv.Key}={kv.Value:G4}"));
}
