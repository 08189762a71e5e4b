namespace SparsePlugins.Problems.Regression;

/// <summary>What <see cref="FigureRenderer.Render"/> reports back.</summary>
public sealed class RenderResult
{
    public List<string> Written { get; init; } = [];
    public List<string> Errors { get; init; } = [];
    public string? Warning { get; init; }
}
