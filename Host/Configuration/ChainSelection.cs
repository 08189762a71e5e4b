namespace SparsePlugins.Host.Configuration;

/// <summary>Which chains of a run form its posterior (Training:ChainSelection).</summary>
public enum ChainSelection
{
    /// <summary>Every chain.</summary>
    All,

    /// <summary>The chains whose mean log joint density is within Training:ChainSelectionTolerance of the best.</summary>
    LogJoint,
}
