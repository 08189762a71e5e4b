namespace SparsePlugins.Abstractions;

/// <summary>How much a <see cref="ConvergenceWarning"/> should change what a reader does with a run's numbers.</summary>
public enum WarningSeverity
{
    /// <summary>Read the numbers with care: they may still move with a longer run (Stan's R-hat above 1.01).</summary>
    Warning,

    /// <summary>Do not use the numbers as they are: the chains have not found one posterior (R-hat above 1.1).</summary>
    Strong,
}
