namespace SparsePlugins.Reference.Regression;

/// <summary>A model the Gibbs chain visited: its active predictors (0-based, ascending) and the kept sweeps spent in it.</summary>
public sealed record VisitedModel(int[] Active, int Sweeps);

/// <summary>
/// The collapsed Gibbs chain's estimate of the posterior: model frequencies, marginal inclusion probabilities, and each
/// coefficient's marginal posterior as the frequency-weighted mixture over visited models of a point mass at 0 (the
/// coefficient excluded) and the model's exact Gaussian conditional (Rao-Blackwellised: no draw of b is needed).
/// </summary>
public sealed class ExactPosterior
{
    private readonly ModelEvidence _evidence;
    private readonly Dictionary<int, CoefficientMixture> _coefficients = [];

    public ExactPosterior(int predictors, int keptSweeps, IReadOnlyList<VisitedModel> models, ModelEvidence evidence)
    {
        _evidence = evidence;
        Predictors = predictors;
        KeptSweeps = keptSweeps;
        Models = models.OrderByDescending(m => m.Sweeps).ToList();
        var counts = new double[predictors];
        foreach (var model in models)
        {
            foreach (var j in model.Active) counts[j] += model.Sweeps;
        }
        Inclusion = counts.Select(c => c / keptSweeps).ToArray();
    }

    public int Predictors { get; }

    public int KeptSweeps { get; }

    /// <summary>Visited models, most visited first (ties in the order first visited).</summary>
    public IReadOnlyList<VisitedModel> Models { get; }

    /// <summary>P(gamma_j = 1 | y) for j = 0..p-1 (entry j is b_{j+1}).</summary>
    public IReadOnlyList<double> Inclusion { get; }

    /// <summary>"{1, 2}": a model's 1-based predictors, as the bench prints them.</summary>
    public static string ModelName(IEnumerable<int> active) => "{" + string.Join(", ", active.Select(i => i + 1)) + "}";

    /// <summary>The marginal posterior of coefficient <paramref name="j"/> (0-based).</summary>
    public CoefficientMixture Coefficient(int j)
    {
        if (_coefficients.TryGetValue(j, out var known)) return known;
        var components = new List<(double Weight, double Mean, double Sd)>();
        foreach (var model in Models)
        {
            int position = Array.IndexOf(model.Active, j);
            double weight = (double)model.Sweeps / KeptSweeps;
            if (position < 0)
            {
                components.Add((weight, 0, 0));
                continue;
            }
            var (mean, sd) = _evidence.Coefficients(model.Active);
            components.Add((weight, mean[position], sd[position]));
        }
        return _coefficients[j] = new CoefficientMixture(components);
    }
}
