using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Surrogates;

/// <summary>
/// Runs a finished run's ensemble on the held-out splits: calibrates the per-output noise variance on the validation
/// split (what the members' spread does not explain of the model average's squared error there) and measures, on the
/// test split, the coverage of the resulting predictive intervals. Never fits anything on the test split.
/// </summary>
public static class EnsembleEvaluation
{
    public static readonly double[] Levels = [0.5, 0.8, 0.9, 0.95];

    /// <param name="fallbackNoise">The likelihood's noise variance, used when the problem has no validation split.</param>
    /// <param name="method">How intervals are formed; conformal needs a validation split (Gaussian without one).</param>
    public static (EnsembleCalibration Calibration, PredictiveDistribution Test) Evaluate(IProblem problem, nn.Module<Tensor, Tensor> module,
        IReadOnlyList<EnsembleMember> members, double fallbackNoise, IntervalMethod method)
    {
        var calibration = problem.Validation is { } validation
            ? Calibrate(MemberPredictions(module, members, validation.Inputs), validation.Targets, method)
            : new EnsembleCalibration([fallbackNoise], null, null);
        var test = MemberPredictions(module, members, problem.Test.Inputs);
        var distribution = PredictiveDistribution.FromMembers(test, calibration.NoiseVariance, calibration.Intervals);
        foreach (var o in test) o.Dispose();
        return (calibration, distribution);
    }

    /// <summary>
    /// On the validation split: the per-output noise, then the quantiles of the residuals standardised by the
    /// predictive sd they imply (disposes <paramref name="outputs"/>).
    /// </summary>
    private static EnsembleCalibration Calibrate(List<Tensor> outputs, Tensor targets, IntervalMethod method)
    {
        var noise = CalibrateNoise(outputs, targets);
        using var distribution = PredictiveDistribution.FromMembers(outputs, noise);
        using var scores = distribution.StandardisedResiduals(targets);
        foreach (var o in outputs) o.Dispose();
        var conformal = scores.numel() > 0 ? IntervalCalibration.Fit(scores) : null;
        return new EnsembleCalibration(noise, method == IntervalMethod.Conformal ? conformal : null, conformal);
    }

    /// <summary>noise_j = max(0, mean over rows of (mean - y)^2 - epistemic variance), per output.</summary>
    public static double[] CalibrateNoise(IReadOnlyList<Tensor> members, Tensor targets)
    {
        using var scope = NewDisposeScope();
        using var distribution = PredictiveDistribution.FromMembers(members, [0.0]);
        var error = distribution.Mean.sub(targets.to(ScalarType.Float64));
        using var zero = 0.0.ToScalar();
        var excess = error.mul(error).sub(distribution.EpistemicVariance).mean([0]).clamp_min(zero);
        return excess.cpu().data<double>().ToArray();
    }

    /// <summary>Each member's prediction of <paramref name="inputs"/>, loaded into <paramref name="module"/> in turn.</summary>
    public static List<Tensor> MemberPredictions(nn.Module<Tensor, Tensor> module, IReadOnlyList<EnsembleMember> members, Tensor inputs)
    {
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var predictions = new List<Tensor>();
        foreach (var member in members)
        {
            using (no_grad())
            {
                foreach (var (name, value) in member.Parameters) parameters[name].copy_(value);
            }
            predictions.Add(ChainRunner.Predict(module, inputs).to(ScalarType.Float64).DetachFromDisposeScope());
        }
        return predictions;
    }

    /// <summary>
    /// Coverage per level of the intervals in use, and of both kinds for comparison; mean posterior and predictive sd
    /// (standardised units), for summary.json.
    /// </summary>
    public static Dictionary<string, object?> Summary(PredictiveDistribution test, Tensor targets, int members, EnsembleCalibration calibration)
    {
        using var scope = NewDisposeScope();
        var noise = calibration.NoiseVariance;
        var summary = new Dictionary<string, object?>
        {
            ["members"] = members,
            ["coverage"] = PerLevel(l => test.Coverage(targets, l)),
            ["intervals"] = test.Calibration is null ? "gaussian" : "conformal, standardised residuals on the validation split",
            ["meanPosteriorSd"] = test.EpistemicVariance.sqrt().mean().ReadDouble(),
            ["meanPredictiveSd"] = test.PredictiveVariance.sqrt().mean().ReadDouble(),
            ["meanNoiseVariance"] = noise.Average(),
            ["units"] = "the problem's standardised outputs",
            ["noiseCalibration"] = noise.Length > 1 ? "per output, on the validation split" : "the likelihood's noise variance",
        };
        if (calibration.Conformal is { } conformal)
        {
            summary["coverageGaussian"] = PerLevel(l => test.CoverageAt(targets, NormalQuantile.Central(l)));
            summary["coverageConformal"] = PerLevel(l => test.CoverageAt(targets, conformal.Multiplier(l)));
            summary["conformalMultipliers"] = PerLevel(conformal.Multiplier);
        }
        return summary;
    }

    /// <summary>One value per interval level, keyed "0.5" .. "0.95", rounded for summary.json.</summary>
    private static Dictionary<string, double> PerLevel(Func<double, double> value) => Levels.ToDictionary(
        l => l.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), l => Math.Round(value(l), 4));
}
