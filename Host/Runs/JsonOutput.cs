using SparsePlugins.Abstractions;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Runs;

/// <summary>Writes JSON atomically (temp file + rename), so a reader never sees half a file.</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Keeps property names as declared, so the file reads back as configuration.</summary>
    public static readonly JsonSerializerOptions ConfigurationOptions = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(string path, object value, JsonSerializerOptions? options = null)
    {
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, options ?? Options));
    }

    /// <summary>A tensor as nested-free JSON: a number for a scalar, otherwise a flat array.</summary>
    public static object ToJson(Tensor tensor)
    {
        var values = TensorMath.ToDoubles(tensor);
        return tensor.dim() == 0 ? values[0] : values;
    }
}
