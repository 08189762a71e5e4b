using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace SparsePlugins.Host.Configuration;

/// <summary>How a chain is run and what is collected from it.</summary>
public sealed class TrainingOptions : IValidatableObject
{
    [Description("Passes over the training data.")]
    [Range(1, 1_000_000)]
    public int Epochs { get; set; } = 100;

    [Description("Examples per mini-batch; 0 means the whole training set.")]
    [Range(0, int.MaxValue)]
    public int BatchSize { get; set; } = 0;

    [Description("Epochs discarded before samples are collected.")]
    [Range(0, 1_000_000)]
    public int BurnIn { get; set; } = 50;

    [Description("With MaxMinutes: burn-in also lasts until this fraction of the chain's budget has passed (0 = BurnIn " +
                 "epochs only). Ties the model average to the budget, so that a longer run averages only its better late " +
                 "samples instead of everything after a fixed epoch.")]
    [Range(0.0, 0.99)]
    public double BurnInFraction { get; set; }

    [Description("Collect every Thinning-th iteration after burn-in.")]
    [Range(1, int.MaxValue)]
    public int Thinning { get; set; } = 1;

    [Description("Independent chains, seeded Seed, Seed+1, ...; R-hat and ESS need at least 2 for the between-chain part.")]
    [Range(1, 64)]
    public int Chains { get; set; } = 1;

    [Description("Chains run at once, one thread each: 0 (auto) runs one per core when the network has at most 100,000 " +
                 "parameters and one at a time otherwise; 1 = one at a time. The numbers are the same either way.")]
    [Range(0, 64)]
    public int ParallelChains { get; set; }

    [Description("Seed of the chains' random draws (Langevin noise, mini-batch order): chain c uses NoiseSeed + c. Unset: the " +
                 "run's Seed. Changing it leaves the networks' initial parameters as they are.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? NoiseSeed { get; set; }

    [Description("Seed of the networks' initialisation: chain c's network is built from a seed derived from InitSeed + c, a " +
                 "stream apart from the noise's. Unset: the run's Seed. Changing it leaves the chains' noise as it is.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? InitSeed { get; set; }

    [Description("Replica exchange: each chain runs one replica per temperature, in lock-step, the first at 1 (the posterior, " +
                 "the only one collected) and the others sampling the posterior tempered to exp(-U / T). Every SwapEvery " +
                 "iterations neighbouring replicas swap parameters with the Metropolis probability of the exact full-data " +
                 "energies, so mass found by the hot replicas reaches the cold one. Empty (the default): no replicas. " +
                 "Example: [1, 2, 4, 8]. Needs a prior that reports its log density (docs/regression.md, \"Replica exchange\").")]
    public double[] Temperatures { get; set; } = [];

    [Description("With Temperatures: iterations between swap attempts. Pairs alternate even and odd (deterministic even-odd " +
                 "scheme), so each pair is tried every 2 SwapEvery iterations.")]
    [Range(1, int.MaxValue)]
    public int SwapEvery { get; set; } = 10;

    [Description("Scale jumps: Metropolis moves per iteration (per replica) that multiply one weight, drawn uniformly from all " +
                 "parameters, by +-c with log c uniform on +-[log f, log F] (JumpFactors), accepted on the exact full-data " +
                 "energy. They carry a weight between a prior's spike and its slab in one move, which Langevin steps do by " +
                 "climbing out of the spike's well. Each attempt costs a forward pass over the whole training set: for small " +
                 "models (docs/regression.md, \"Scale jumps\"). 0 (the default): none. Needs a prior that reports its log density.")]
    [Range(0, 100_000)]
    public int Jumps { get; set; }

    [Description("With Jumps: [f, F], the range of the factor c (1 < f < F). The default [3, 3000] spans a spike of 0.03 " +
                 "and coefficients of 0.1-100.")]
    public double[] JumpFactors { get; set; } = [3, 3000];

    [Description("Pair swaps: Metropolis-Hastings moves per iteration (per replica) that trade a weight the prior includes " +
                 "(inclusion > 1/2) for another weight of the same tensor, (b_j, b_k) -> (b_k / c, c b_j) with log c uniform on " +
                 "[-log F, log F] (SwapFactor), accepted on the exact full-data energy. They move a chain between arrangements " +
                 "in which correlated inputs explain the same signal, which single-weight jumps reach only through both in " +
                 "or both out. Each attempt costs a forward pass over the whole training set. 0 (the default): none. Needs " +
                 "a prior that reports per-weight inclusion and its log density (ssgl).")]
    [Range(0, 100_000)]
    public int Swaps { get; set; }

    [Description("With Swaps: F >= 1, the largest factor by which a swapped value is rescaled (log c uniform on [-log F, log F]).")]
    [Range(1.0, 1e6)]
    public double SwapFactor { get; set; } = 4;

    [Description("Gibbs moves: Metropolis-Hastings moves per iteration (per replica) that draw one sparse weight anew from an " +
                 "approximation of its conditional posterior (the prior's spike and slab times a quadratic fit of the likelihood " +
                 "along the weight) and accept on the exact full-data energy. A weight crosses between spike and slab with about " +
                 "its conditional probability at each attempt. Each attempt costs four forward passes over the whole training " +
                 "set. 0 (the default): none. Needs a spike-and-slab prior that reports its components (ssgl).")]
    [Range(0, 100_000)]
    public int GibbsMoves { get; set; }

    [Description("With GibbsMoves: e > 0, the offset of the likelihood fit's points (the weight at -e, 0 and e). Any e is exact; " +
                 "for a linear model the fit is exact too, for a network e near the weights' scale fits best.")]
    [Range(1e-9, 1e9)]
    public double GibbsSpan { get; set; } = 0.1;

    [Description("Keep every collected sample (samples.csv) when the model has at most this many parameters.")]
    [Range(0, 10_000_000)]
    public int MaxStoredWeights { get; set; } = 10_000;

    [Description("Stop a chain as diverged when its epoch loss exceeds this factor times the first epoch's (0 = only NaN/infinity).")]
    [Range(0.0, double.MaxValue)]
    public double DivergenceFactor { get; set; } = 1e8;

    [Description("Return freed native memory to the system every this many iterations (0 = never, the default: in-place updates keep RSS flat, see docs/benchmarks.md).")]
    [Range(0, int.MaxValue)]
    public int TrimNativeMemoryEvery { get; set; }

    [Description("Save the final parameters of each chain as model-chain<c>.dat (TorchSharp state dict) in the run folder.")]
    public bool SaveModel { get; set; } = true;

    [Description("Start every chain from the final parameters of an earlier run instead of a fresh initialisation: a run " +
                 "folder (chain c starts from its model-chain<c>.dat, or its last chain's) or one model-chain<c>.dat file. " +
                 "The network must be the same. Only the network's parameters are taken: the prior and sampler start fresh " +
                 "(e.g. the SA phase warm-started from a dense pSGLD run, docs/darcy-surrogate.md).")]
    public string? InitFrom { get; set; }

    [Description("Which chains form the posterior: All, or LogJoint: the chains whose mean log joint density (log-likelihood " +
                 "plus the prior's log density, over the collected samples) lies within ChainSelectionTolerance of the best " +
                 "chain's. The others are taken to be stuck in a minor mode and left out, as with restarts of EM; each " +
                 "chain's value and the decision are in summary.json. Needs a prior that reports its log density.")]
    public ChainSelection ChainSelection { get; set; } = ChainSelection.All;

    [Description("How the model average (posterior mean and variance, the prior's statistics such as inclusion " +
                 "probabilities, the averaged test predictions) weights the collected samples: Equal, or StepSize: sample k " +
                 "weighs the sampler's step size eps_k, as in the paper's Section 5 estimator sum eps_k phi(beta_k) / sum eps_k. " +
                 "Equal is the default: after burn-in the shipped decaying steps vary by under a factor 2, step-size weights " +
                 "give more weight to the larger, more biased early steps, and every other statistic (quantiles, R-hat, ESS, " +
                 "samples.csv, the saved ensemble) counts samples equally. Needs a sampler that reports step_size.")]
    public AverageWeights AverageWeights { get; set; } = AverageWeights.Equal;

    [Description("Nats below the best chain's mean log joint density beyond which ChainSelection = LogJoint drops a chain.")]
    [Range(0.0, 1e12)]
    public double ChainSelectionTolerance { get; set; } = 10;

    [Description("Wall-clock budget of the run in minutes, shared evenly by its chains (0 = none). At the budget a chain " +
                 "stops after the current step, finishes the epoch's bookkeeping and reports the epochs it reached; runs " +
                 "compared under one budget are compared at equal cost. A chain stopped before BurnIn ends keeps its final " +
                 "state as its only sample.")]
    [Range(0.0, 1e7)]
    public double MaxMinutes { get; set; }

    [Description("Posterior ensemble saved for `predict` (ensemble.h5): at most this many thinned post-burn-in network " +
                 "samples, evenly spaced over the chain (0 = save none).")]
    [Range(0, 10_000)]
    public int KeepSamples { get; set; } = 20;

    [Description("Predictive intervals of the saved ensemble: Conformal (mean +- q sd, q the quantiles of the validation " +
                 "split's residuals standardised by the predictive sd: calibrated also when errors are heavy-tailed) or " +
                 "Gaussian (q the normal quantile). Both coverages are in summary.json either way.")]
    public IntervalMethod Intervals { get; set; } = IntervalMethod.Conformal;

    [Description("Write a checkpoint (checkpoints/ in the run folder) every this many epochs (0 = not by epoch count). " +
                 "A checkpoint is also written on Ctrl+C and SIGTERM; `run --resume` continues from it.")]
    [Range(0, 1_000_000)]
    public int CheckpointEvery { get; set; }

    [Description("Write a checkpoint at the end of the first epoch that ends this many minutes after the last one " +
                 "(0 = not by time). With the default, runs shorter than 10 minutes write none unless interrupted.")]
    [Range(0.0, 1e7)]
    public double CheckpointMinutes { get; set; } = 10;

    [Description("Log progress at most every this many seconds.")]
    [Range(0.0, 3600.0)]
    public double LogEverySeconds { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BurnIn >= Epochs)
        {
            yield return new ValidationResult(
                $"BurnIn ({BurnIn}) must be smaller than Epochs ({Epochs}), or no sample is ever collected.",
                [nameof(BurnIn)]);
        }
        if (TemperatureProblem() is { } ladder)
        {
            yield return new ValidationResult($"Temperatures [{string.Join(", ", Temperatures)}]: {ladder}",
                [nameof(Temperatures)]);
        }
        if (Jumps > 0 && !(JumpFactors.Length == 2 && JumpFactors[0] > 1 && JumpFactors[1] > JumpFactors[0] && double.IsFinite(JumpFactors[1])))
        {
            yield return new ValidationResult($"JumpFactors [{string.Join(", ", JumpFactors)}] must be two finite factors " +
                "1 < f < F, such as [3, 3000].", [nameof(JumpFactors)]);
        }
        if (BurnInFraction > 0 && MaxMinutes <= 0)
        {
            yield return new ValidationResult(
                $"BurnInFraction ({BurnInFraction}) is a fraction of the budget, and MaxMinutes is not set: set " +
                "Training:MaxMinutes, or use BurnIn (epochs) alone.", [nameof(BurnInFraction), nameof(MaxMinutes)]);
        }
    }

    /// <summary>Replicas per chain: the temperature ladder's length, 1 without replica exchange.</summary>
    [JsonIgnore]
    public int Replicas => Math.Max(1, Temperatures.Length);

    private string? TemperatureProblem()
    {
        if (Temperatures.Length == 0) return null;
        if (Temperatures.Length == 1) return "a ladder needs at least two temperatures, such as [1, 4]; or leave it empty.";
        if (Temperatures[0] != 1) return "the first temperature must be 1, the posterior the chain collects.";
        for (int i = 1; i < Temperatures.Length; i++)
        {
            if (!double.IsFinite(Temperatures[i]) || Temperatures[i] <= Temperatures[i - 1])
            {
                return "temperatures must increase strictly and be finite, such as [1, 2, 4, 8].";
            }
        }
        return Temperatures.Length > 16 ? "at most 16 replicas per chain." : null;
    }
}
