namespace SparsePlugins.Host.Configuration;

/// <summary>How the model average (posterior means, variances, prior statistics, averaged predictions) weights samples.</summary>
public enum AverageWeights
{
    /// <summary>Every collected sample counts once, like the kept samples' quantiles, R-hat and ESS.</summary>
    Equal,

    /// <summary>Sample k weighs eps_k, the sampler's step size at its step (paper Section 5: phi-hat = sum eps_k phi(beta_k) / S_K).</summary>
    StepSize,
}
