namespace SparsePlugins.Problems.Regression;

/// <summary>How specs and results cross the load-context boundary; NaN (a metric that blew up) must not stop a figure.</summary>
public static class FigureJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
