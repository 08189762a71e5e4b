namespace SparsePlugins.Darcy;

/// <summary>Where binary channelized fields come from.</summary>
public enum ChannelSource
{
    /// <summary>Sinuous channels drawn by <see cref="ChannelGenerator"/>: needs no file.</summary>
    Procedural,

    /// <summary>Patches cropped at random positions from a training image (PNG or GSLIB), as in the paper.</summary>
    TrainingImage,
}
