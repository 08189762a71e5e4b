namespace SparsePlugins.Abstractions;

/// <summary>Which part of a problem's data a prediction covers.</summary>
public enum DataSplit
{
    Train,

    /// <summary>Held out for tuning and calibration; never used to fit parameters.</summary>
    Validation,

    /// <summary>Held out for the reported errors only.</summary>
    Test,
}
