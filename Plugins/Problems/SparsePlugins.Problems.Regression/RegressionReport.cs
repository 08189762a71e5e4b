using System.Globalization;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Problems.Regression;

/// <summary>The regression's entries in <c>summary.json</c> and its columns in the comparison table.</summary>
public static class RegressionReport
{
    public static ProblemReport Build(CoefficientPosterior posterior, RunResult result, double[,] trainX, double[] trainY,
        double[] testY, double[]? truth, IReadOnlyList<string> figures)
    {
        var summary = new Dictionary<string, object?>
        {
            ["posteriorMean"] = posterior.Mean,
            ["posteriorSd"] = posterior.Sd,
            ["credibleInterval95"] = new Dictionary<string, object?>
            {
                ["lower"] = posterior.Lower,
                ["upper"] = posterior.Upper,
                ["method"] = posterior.IntervalMethod,
            },
            ["inclusionProbability"] = posterior.Inclusion,
            ["inclusionMcse"] = posterior.InclusionMcse,
            ["selected"] = posterior.Selected,
            ["selectedBy"] = posterior.Inclusion is not null ? "inclusionProbability > 0.5" : "credibleInterval95 excludes 0",
        };
        var comparison = new Dictionary<string, string>();
        if (posterior.Count >= 1)
        {
            comparison["b1_mean"] = Format(posterior.Mean[0]);
            comparison["b1_sd"] = Format(posterior.Sd[0]);
        }
        if (posterior.Count >= 2)
        {
            comparison["b2_mean"] = Format(posterior.Mean[1]);
            comparison["b2_sd"] = Format(posterior.Sd[1]);
        }
        comparison["selected"] = SelectedSet(posterior.Selected);

        if (AveragePrediction(result) is { } prediction && prediction.Length == testY.Length)
        {
            summary["mse"] = testY.Zip(prediction, (y, f) => (y - f) * (y - f)).Average();
            summary["mae"] = testY.Zip(prediction, (y, f) => Math.Abs(y - f)).Average();
        }
        else
        {
            summary["mse"] = null;
            summary["mae"] = null;
        }

        if (truth is not null)
        {
            summary["trueCoefficients"] = truth;
            var covered = Enumerable.Range(0, posterior.Count).Count(j => posterior.Lower[j] <= truth[j] && truth[j] <= posterior.Upper[j]);
            double coverage = (double)covered / posterior.Count;
            summary["coverage95"] = coverage;
            comparison["coverage95"] = Format(coverage);
            var support = Enumerable.Range(0, truth.Length).Where(j => truth[j] != 0).ToArray();
            if (support.Length <= trainY.Length)
            {
                summary["leastSquaresOnTrueSupport"] = new Dictionary<string, object?>
                {
                    ["support"] = support.Select(j => j + 1).ToArray(),
                    ["coefficients"] = LeastSquares.Fit(trainX, trainY, support),
                };
            }
        }
        summary["figures"] = figures;
        return new ProblemReport(summary, comparison) { Warnings = SelectionWarnings.Check(posterior, result) };
    }

    private static double[]? AveragePrediction(RunResult result)
    {
        if (result.AveragePrediction is not { } average) return null;
        return TensorMath.ToDoubles(average);
    }

    /// <summary>Short enough for a table cell; a method that selects everything should not widen the table.</summary>
    private static string SelectedSet(int[] selected)
    {
        const int shown = 8;
        var listed = string.Join(" ", selected.Take(shown));
        return selected.Length <= shown ? "{" + listed + "}" : "{" + listed + $" ...}} ({selected.Length})";
    }

    private static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
