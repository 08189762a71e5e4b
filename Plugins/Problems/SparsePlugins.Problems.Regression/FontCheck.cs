namespace SparsePlugins.Problems;

/// <summary>
/// ScottPlot draws text with SkiaSharp, which silently draws nothing when the machine has no fonts (minimal Linux
/// containers): figures then lack titles, labels and tick numbers. Detect that and say how to fix it.
/// </summary>
/// <remarks>
/// Looks for font files where fontconfig looks rather than asking SkiaSharp: this assembly must not reference
/// SkiaSharp directly, or the host would try to bind it to its own, older copy at discovery. Compiled into every
/// problem plugin that draws figures (the Darcy plugin links this file), hence internal and in the parent namespace.
/// </remarks>
internal static class FontCheck
{
    private static readonly Lazy<string?> Problem = new(Detect);

    /// <summary>A warning to show, or null when text will render.</summary>
    public static string? Warning => Problem.Value;

    private static string? Detect()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string[] folders = ["/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(home, ".fonts"), Path.Combine(home, ".local/share/fonts")];
        foreach (var folder in folders.Where(Directory.Exists))
        {
            try
            {
                if (Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(IsFont)) return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
        return "No fonts found (looked in /usr/share/fonts, /usr/local/share/fonts, ~/.fonts, ~/.local/share/fonts): " +
               "figures will have no titles, labels or tick numbers. Install a font, e.g. " +
               "'apt-get install fonts-dejavu-core' (Debian/Ubuntu) or 'apk add font-dejavu' (Alpine).";
    }

    private static bool IsFont(string path) => Path.GetExtension(path).ToLowerInvariant() is ".ttf" or ".otf" or ".ttc";
}
