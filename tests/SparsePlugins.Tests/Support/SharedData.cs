namespace SparsePlugins.Tests.Support;

/// <summary>Test data kept beside the repository (../shared/data), never copied into it.</summary>
public static class SharedData
{
    /// <summary>
    /// TRAINING_IMAGES_DIR if set, else shared/data/training-images above the test assembly or the working
    /// directory (any checkout beside ../shared), else the machine's /work/shared.
    /// </summary>
    public static string TrainingImages
    {
        get
        {
            if (Environment.GetEnvironmentVariable("TRAINING_IMAGES_DIR") is { Length: > 0 } configured) return configured;
            foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "shared", "data", "training-images");
                    if (Directory.Exists(candidate)) return candidate;
                }
            }
            if (Directory.Exists("/work/shared/data/training-images")) return "/work/shared/data/training-images";
            throw new DirectoryNotFoundException($"No shared/data/training-images above {AppContext.BaseDirectory}; the training " +
                "images live beside the repository (../shared/data/training-images); set TRAINING_IMAGES_DIR to their folder.");
        }
    }

    public static string Png => Path.Combine(TrainingImages, "ti_2500_1ch.png");

    public static string Strebelle => Path.Combine(TrainingImages, "ti_strebelle_250_250_1.dat");
}
