using Microsoft.Extensions.Logging;

namespace SparsePlugins.Problems.Regression;

/// <summary>
/// Renders figures and reports what went wrong without failing the caller: figures are a convenience, and losing
/// them must not lose a run's numbers.
/// </summary>
public static class FigureOutput
{
    private static int _fontWarned;

    /// <param name="logger">Null where the host gives none (comparisons): messages then go to standard error.</param>
    /// <returns>Paths written.</returns>
    public static IReadOnlyList<string> Render(IReadOnlyList<FigureSpec> figures, ILogger? logger)
    {
        if (figures.Count == 0) return [];
        RenderResult result;
        try
        {
            result = FigureRenderer.Render(figures);
        }
        catch (Exception e)
        {
            var inner = e is System.Reflection.TargetInvocationException { InnerException: { } i } ? i : e;
            Report(logger, LogLevel.Error, $"Figures could not be drawn ({inner.GetType().Name}: {inner.Message}); the numbers in summary.json are unaffected.");
            return [];
        }
        if (result.Warning is { } warning && Interlocked.Exchange(ref _fontWarned, 1) == 0)
        {
            Report(logger, LogLevel.Warning, warning);
        }
        foreach (var error in result.Errors) Report(logger, LogLevel.Error, "Figure not written: " + error);
        return result.Written;
    }

    private static void Report(ILogger? logger, LogLevel level, string message)
    {
        if (logger is not null) logger.Log(level, "{Message}", message);
        else Console.Error.WriteLine($"{(level == LogLevel.Warning ? "warning" : "error")}: {message}");
    }
}
