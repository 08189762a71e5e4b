using SparsePlugins.Abstractions;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SparsePlugins.Problems.Regression;

/// <summary>Section 6.1: n = 100, p = 200, X ~ N_p(0, S), S_ij = rho^|i-j|, y = X b + e, e ~ N(0, s^2 I).</summary>
public sealed class LinearRegressionOptions : IValidatableObject
{
    [Description("Training observations n.")]
    [Range(1, 10_000_000)]
    public int Observations { get; set; } = 100;

    [Description("Predictors p.")]
    [Range(1, 100_000)]
    public int Predictors { get; set; } = 200;

    [Description("rho in the predictor covariance S_ij = rho^|i-j|.")]
    [Range(-0.999, 0.999)]
    public double Correlation { get; set; } = 0.6;

    [Description("Noise variance sigma^2 of y (the paper: 3): draws the synthetic noise and is the likelihood's sigma^2 unless the prior adapts it.")]
    [Range(1e-12, 1e12)]
    public double NoiseVariance { get; set; } = 3.0;

    [Description("Factor on the first column of X (test 2 of the paper: 0.3).")]
    [Range(-1e6, 1e6)]
    public double FirstColumnScale { get; set; } = 1.0;

    [Description("Scale the first column after drawing y from the unscaled predictors (the paper's wording for test 2: the " +
                 "predictors change, the response stays as in test 1), so the scaled column's true coefficient is " +
                 "b_1 / FirstColumnScale. false: y is drawn from the scaled column with coefficient b_1, a weaker signal.")]
    public bool ScaleAfterResponse { get; set; }

    [Description("Test observations drawn like the training ones.")]
    [Range(1, 10_000_000)]
    public int TestObservations { get; set; } = 100;

    [Description("True coefficients b_1, b_2, ... (the rest are 0).")]
    public double[] Coefficients { get; set; } = [3.0, 1.0];

    [Description("Seed of the synthetic training data.")]
    public int DataSeed { get; set; } = 1;

    [Description("Seed of the synthetic test data.")]
    public int TestSeed { get; set; } = 2;

    [Description("CSV with header x1..xp,y replacing the synthetic training data (Observations, Predictors, Correlation, FirstColumnScale, Coefficients and the seeds are then unused); relative to the current directory.")]
    public string? TrainFile { get; set; }

    [Description("CSV with header x1..xp,y replacing the synthetic test data; required with TrainFile.")]
    public string? TestFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ScaleAfterResponse && FirstColumnScale == 0)
        {
            yield return new ValidationResult("ScaleAfterResponse needs a non-zero FirstColumnScale (the first column's true coefficient is b_1 / FirstColumnScale).",
                [nameof(ScaleAfterResponse), nameof(FirstColumnScale)]);
        }
        if (Coefficients.Length > Predictors)
        {
            yield return new ValidationResult($"Coefficients has {Coefficients.Length} entries but Predictors is {Predictors}.");
        }
        if (TestFile is not null && TrainFile is null)
        {
            yield return new ValidationResult("TestFile needs TrainFile as well (the synthetic training data would not match it).");
        }
        if (TrainFile is not null && TestFile is null)
        {
            yield return new ValidationResult(
                "TrainFile needs TestFile as well: test metrics and the model average are computed on held-out data. " +
                "Split your data into two CSV files with the same columns.");
        }
        if (!InputFile.ShouldCheck(validationContext)) yield break;
        foreach (var problem in DataFileProblems()) yield return new ValidationResult(problem);
    }

    /// <summary>
    /// The data files are read here, while the host validates every run, so a bad file stops the command before the
    /// first run instead of when its own run starts. They are small (n x p numbers); reading them twice costs nothing.
    /// </summary>
    private IEnumerable<string> DataFileProblems()
    {
        if (TrainFile is null || TestFile is null) yield break;
        int? trainColumns = null, testColumns = null;
        foreach (var (option, path) in new[] { (nameof(TrainFile), TrainFile), (nameof(TestFile), TestFile) })
        {
            var problem = InputFile.Problem(option, path, "a CSV file", [], text: true);
            if (problem is null)
            {
                try
                {
                    var columns = RegressionCsv.Read(path, option).X.GetLength(1);
                    if (option == nameof(TrainFile)) trainColumns = columns;
                    else testColumns = columns;
                }
                catch (InvalidDataException e)
                {
                    problem = e.Message;
                }
            }
            if (problem is not null) yield return problem;
        }
        if (trainColumns is { } p && testColumns is { } q && p != q)
        {
            yield return $"TestFile '{TestFile}' has {q} predictors but TrainFile '{TrainFile}' has {p}. " +
                         "Both files need the same columns x1..xp,y.";
        }
    }
}
