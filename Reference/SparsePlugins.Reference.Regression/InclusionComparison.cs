namespace SparsePlugins.Reference.Regression;

/// <summary>How far a method's inclusion probabilities are from the exact ones: the largest absolute difference and where.</summary>
public readonly record struct InclusionComparison(int Index, double Difference)
{
    public static InclusionComparison Of(IReadOnlyList<double> method, IReadOnlyList<double> exact)
    {
        if (method.Count != exact.Count) throw new ArgumentException($"{method.Count} inclusion probabilities against {exact.Count} exact ones.");
        int worst = 0;
        for (int j = 1; j < exact.Count; j++)
        {
            if (Math.Abs(method[j] - exact[j]) > Math.Abs(method[worst] - exact[worst])) worst = j;
        }
        return new InclusionComparison(worst, Math.Abs(method[worst] - exact[worst]));
    }
}
