namespace SparsePlugins.Host.Configuration;

/// <summary>How a posterior ensemble's predictive intervals are formed (docs/darcy-surrogate.md, "uncertainty").</summary>
public enum IntervalMethod
{
    /// <summary>mean +- q x predictive sd with q the quantiles of standardised residuals on the validation split.</summary>
    Conformal,

    /// <summary>The Gaussian with the predictive mean and variance.</summary>
    Gaussian,
}
