namespace SparsePlugins.Darcy;

/// <summary>File format of a training image; <see cref="Auto"/> decides by extension, then by the PNG signature.</summary>
public enum TrainingImageFormat
{
    Auto,
    Png,
    Gslib,
}
