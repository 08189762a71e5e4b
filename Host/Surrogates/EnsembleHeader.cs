using SparsePlugins.Abstractions;
using System.Text.Json;
using PureHDF;
using SparsePlugins.Host.Options;

namespace SparsePlugins.Host.Surrogates;

/// <summary>What an ensemble file says about the run that made it: enough to rebuild the network and the problem.</summary>
public sealed record EnsembleHeader(
    string Run,
    string Method,
    string Problem,
    string ProblemOptionsJson,
    string Network,
    string NetworkOptionsJson,
    long[] InputShape,
    long OutputSize)
{
    public int MemberCount { get; init; }

    public void WriteTo(IDictionary<string, object> attributes, int members, string[] parameterNames)
    {
        attributes["format"] = EnsembleFile.Format;
        attributes["format_version"] = EnsembleFile.FormatVersion;
        attributes["run"] = Run;
        attributes["method"] = Method;
        attributes["problem"] = Problem;
        attributes["problem_options_json"] = ProblemOptionsJson;
        attributes["network"] = Network;
        attributes["network_options_json"] = NetworkOptionsJson;
        attributes["input_shape_json"] = JsonSerializer.Serialize(InputShape);
        attributes["output_size"] = OutputSize;
        attributes["members"] = members;
        attributes["parameters_json"] = JsonSerializer.Serialize(parameterNames);
    }

    public static EnsembleHeader ReadFrom(IH5Object file, string path)
    {
        var format = EnsembleFile.Attribute<string>(file, "format", path);
        var version = EnsembleFile.Attribute<int>(file, "format_version", path);
        if (format != EnsembleFile.Format || version < EnsembleFile.OldestReadableVersion || version > EnsembleFile.FormatVersion)
        {
            throw new InvalidInputException($"'{path}' is a '{format}' file of version {version}; predict reads " +
                $"'{EnsembleFile.Format}' versions {EnsembleFile.OldestReadableVersion} to {EnsembleFile.FormatVersion}. " +
                "Retrain with this version to write one.");
        }
        string Text(string name) => EnsembleFile.Attribute<string>(file, name, path);
        return new EnsembleHeader(Text("run"), Text("method"), Text("problem"), Text("problem_options_json"), Text("network"),
            Text("network_options_json"), JsonSerializer.Deserialize<long[]>(Text("input_shape_json")) ?? [],
            EnsembleFile.Attribute<long>(file, "output_size", path))
        {
            MemberCount = EnsembleFile.Attribute<int>(file, "members", path),
        };
    }
}

/// <summary>An ensemble read back: per member, every parameter as a flat float array in module order.</summary>
public sealed record LoadedEnsemble(
    EnsembleHeader Header,
    IReadOnlyList<string> ParameterNames,
    IReadOnlyList<IReadOnlyDictionary<string, float[]>> Members,
    IReadOnlyDictionary<string, double[]> State,
    double[] NoiseVariance,
    IntervalCalibration? Intervals);
