namespace SparsePlugins.Tests.Support;

/// <summary>Test data kept beside the repository (../shared/data), never copied into it.</summary>
public static class SharedData
{
    /// <summary>../shared/data/training-images, found by walking up from the test assembly.</summary>
    public static string TrainingImages
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "training-images");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException(
                $"No shared/data/training-images above {AppContext.BaseDirectory}; the training images live beside the repository.");
        }
    }

    public static string Png => Path.Combine(TrainingImages, "ti_2500_1ch.png");

    public static string Strebelle => Path.Combine(TrainingImages, "ti_strebelle_250_250_1.dat");
}
