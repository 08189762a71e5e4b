namespace SparsePlugins.Host.Configuration;

/// <summary>What `run` does with a run whose folder already holds outputs (top-level <c>IfRunExists</c>, or
/// <c>--resume</c> / <c>--overwrite</c>). None of them ever leaves two runs' files mixed in one folder.</summary>
public enum ExistingRunPolicy
{
    /// <summary>Stop before any run starts, naming the folders and the two options.</summary>
    Refuse,

    /// <summary>Keep completed runs as they are; continue interrupted ones from their checkpoints; start the others afresh.</summary>
    Resume,

    /// <summary>Delete the folder's old outputs first, then run afresh.</summary>
    Overwrite,
}
