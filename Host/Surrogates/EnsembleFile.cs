using SparsePlugins.Abstractions;
using System.Text.Json;
using PureHDF;
using SparsePlugins.Host.Training;
using SparsePlugins.Host.Options;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Surrogates;

/// <summary>
/// The posterior ensemble of a run, <c>ensemble.h5</c> (HDF5, readable with h5py; docs/darcy-surrogate.md):
/// <list type="bullet">
/// <item>root attributes: <c>format</c> = "sparseplugins-ensemble", <c>format_version</c>, <c>run</c>, <c>method</c>,
/// <c>problem</c> and <c>problem_options_json</c>, <c>network</c> and <c>network_options_json</c>, <c>input_shape_json</c>,
/// <c>output_size</c>, <c>members</c>, <c>parameters_json</c> (names in module order);</item>
/// <item><c>/members/&lt;m&gt;/&lt;parameter&gt;</c>: float32 with the parameter's shape, or, for a parameter that is
/// mostly zeros (pruned layers), a group with <c>shape</c> (int64), <c>mask</c> (uint8, the non-zero pattern packed 8
/// per byte, least significant bit first: numpy.unpackbits(mask, bitorder="little")) and <c>values</c> (float32, the
/// non-zeros in row-major order); attributes <c>chain</c> and <c>iteration</c> per member;</item>
/// <item><c>/state/&lt;name&gt;</c>: float64 arrays the problem needs to map raw inputs and outputs (normalisation);</item>
/// <item><c>/calibration/noise_variance</c>: float64 per output, in the problem's standardised units;
/// <c>/calibration/interval_levels</c> and <c>interval_multipliers</c> (float64, version 2, only for conformal intervals):
/// the interval of level q is mean +- m(q) x predictive sd, m interpolated linearly between the stored levels.</item>
/// </list>
/// </summary>
public static class EnsembleFile
{
    public const string Format = "sparseplugins-ensemble";
    /// <summary>2 added the conformal interval table; version 1 files (Gaussian intervals) are still read.</summary>
    public const int FormatVersion = 2;

    public const int OldestReadableVersion = 1;
    public const string FileName = "ensemble.h5";

    public static void Write(string path, EnsembleHeader header, IReadOnlyList<EnsembleMember> members,
        IReadOnlyDictionary<string, double[]> state, EnsembleCalibration calibration)
    {
        var file = new H5File
        {
            ["members"] = MembersGroup(members),
            ["state"] = StateGroup(state),
            ["calibration"] = CalibrationGroup(calibration),
        };
        header.WriteTo(file.Attributes, members.Count, members.Count > 0 ? members[0].Parameters.Select(p => p.Name).ToArray() : []);
        var temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            file.Write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static H5Group MembersGroup(IReadOnlyList<EnsembleMember> members)
    {
        var group = new H5Group();
        for (int m = 0; m < members.Count; m++)
        {
            var member = new H5Group();
            foreach (var (name, value) in members[m].Parameters) member[name] = Encode(value);
            member.Attributes["chain"] = members[m].Chain;
            member.Attributes["iteration"] = members[m].Iteration;
            group[m.ToString(System.Globalization.CultureInfo.InvariantCulture)] = member;
        }
        return group;
    }

    private static H5Group CalibrationGroup(EnsembleCalibration calibration)
    {
        var group = new H5Group { ["noise_variance"] = new H5Dataset(calibration.NoiseVariance) };
        if (calibration.Intervals is { } intervals)
        {
            group["interval_levels"] = new H5Dataset(intervals.Levels);
            group["interval_multipliers"] = new H5Dataset(intervals.Multipliers);
        }
        return group;
    }

    private static H5Group StateGroup(IReadOnlyDictionary<string, double[]> state)
    {
        var group = new H5Group();
        foreach (var (name, values) in state) group[name] = new H5Dataset(values);
        return group;
    }

    /// <summary>Dense float32, or mask + values when that is smaller (density below ~97%).</summary>
    private static H5Object Encode(Tensor value)
    {
        // Intermediates held by the scope until the copy: see TensorMath.ToDoubles.
        using var scope = NewDisposeScope();
        var flat = value.detach().to(ScalarType.Float32).cpu().contiguous().flatten();
        var data = flat.data<float>().ToArray();
        var dims = value.shape.Select(d => (ulong)d).ToArray();
        long nonzeros = data.LongCount(v => v != 0);
        if (nonzeros * 4 + (data.Length + 7) / 8 >= (long)data.Length * 4)
        {
            return new H5Dataset(data, fileDims: dims.Length == 0 ? [1] : dims);
        }
        var (mask, values) = SparseEncoding.Encode(data);
        return new H5Group
        {
            ["shape"] = new H5Dataset(value.shape.Length == 0 ? [1L] : value.shape),
            ["mask"] = new H5Dataset(mask),
            ["values"] = new H5Dataset(values),
        };
    }

    /// <summary>Reads and validates the whole file; every problem is an <see cref="InvalidInputException"/> naming the file.</summary>
    public static LoadedEnsemble Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"No posterior ensemble at '{path}'. Give `predict --model` the folder of a finished run " +
                $"(it holds {FileName} when Training:KeepSamples > 0).");
        }
        try
        {
            using var file = H5File.OpenRead(path);
            var header = EnsembleHeader.ReadFrom(file, path);
            var names = JsonSerializer.Deserialize<string[]>(Attribute<string>(file, "parameters_json", path)) ?? [];
            var membersGroup = file.Group("members");
            var members = new List<IReadOnlyDictionary<string, float[]>>();
            for (int m = 0; m < header.MemberCount; m++)
            {
                var group = membersGroup.Group(m.ToString(System.Globalization.CultureInfo.InvariantCulture));
                members.Add(names.ToDictionary(n => n, n => Decode(group, n)));
            }
            var stateGroup = file.Group("state");
            var state = stateGroup.Children().Select(c => c.Name)
                .ToDictionary(n => n, n => stateGroup.Dataset(n).Read<double[]>());
            var calibration = file.Group("calibration");
            var noise = calibration.Dataset("noise_variance").Read<double[]>();
            return new LoadedEnsemble(header, names, members, state, noise, ReadIntervals(calibration, path));
        }
        catch (InvalidInputException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new InvalidInputException($"'{path}' is not a readable posterior ensemble ({e.GetType().Name}: {e.Message}). " +
                "Rerun the training run to write it again.");
        }
    }

    private static IntervalCalibration? ReadIntervals(IH5Group calibration, string path)
    {
        if (!calibration.LinkExists("interval_levels")) return null;
        var intervals = new IntervalCalibration(calibration.Dataset("interval_levels").Read<double[]>(),
            calibration.Dataset("interval_multipliers").Read<double[]>());
        if (intervals.Problem() is { } problem)
        {
            throw new InvalidInputException($"'{path}' holds an unusable interval table ({problem}). Rerun the training run to write it again.");
        }
        return intervals;
    }

    private static float[] Decode(IH5Group member, string name)
    {
        var link = member.Get(name);
        if (link is IH5Dataset dense) return dense.Read<float[]>();
        var group = (IH5Group)link;
        var shape = group.Dataset("shape").Read<long[]>();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        return SparseEncoding.Decode(group.Dataset("mask").Read<byte[]>(), group.Dataset("values").Read<float[]>(), count);
    }

    internal static T Attribute<T>(IH5Object file, string name, string path)
    {
        if (!file.AttributeExists(name))
        {
            throw new InvalidInputException($"'{path}' lacks the attribute '{name}': it is not a posterior ensemble of this version.");
        }
        return file.Attribute(name).Read<T>();
    }
}
