using SparsePlugins.Abstractions;
using SparsePlugins.Host.Surrogates;
using SparsePlugins.Host.Training;
using SparsePlugins.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Surrogates;

/// <summary>The posterior ensemble: which samples are kept, the sparse encoding, and the file round trip.</summary>
public sealed class EnsembleStorageTests
{
    private static NamedParameter[] Parameters(TorchSharp.Modules.Parameter p) => [new("w", p)];

    [Fact]
    public void Recorder_keeps_at_most_capacity_members_evenly_spaced_over_the_chain()
    {
        using var parameter = new TorchSharp.Modules.Parameter(zeros(1));
        using var recorder = new EnsembleRecorder(capacity: 4);
        for (int k = 0; k < 37; k++)
        {
            using (no_grad())
            {
                using var value = ((double)k).ToScalar();
                parameter.fill_(value);
            }
            recorder.Offer(chain: 0, iteration: k, Parameters(parameter));
        }

        // 37 offers: stride doubles 1 -> 2 -> 4 -> 8 -> 16 as the buffer overflows; kept offers are multiples of the stride.
        var kept = recorder.Members.Select(m => m.Iteration).ToArray();
        Assert.InRange(kept.Length, 2, 4);
        long stride = kept[1] - kept[0];
        Assert.All(kept, k => Assert.Equal(0, k % stride));
        Assert.Equal(0, kept[0]);
        Assert.True(kept[^1] + stride > 36 - stride, $"the last kept offer {kept[^1]} should be near the end of the chain");
        Assert.Equal(kept.Select(k => (float)k), recorder.Members.Select(m => m.Parameters[0].Value.item<float>()));
    }

    [Fact]
    public void Recorder_with_capacity_zero_keeps_nothing()
    {
        using var parameter = new TorchSharp.Modules.Parameter(zeros(3));
        using var recorder = new EnsembleRecorder(capacity: 0);
        recorder.Offer(0, 1, Parameters(parameter));
        Assert.Empty(recorder.Members);
    }

    [Fact]
    public void Sparse_encoding_round_trips_and_stores_one_bit_per_weight_plus_the_non_zeros()
    {
        var data = new float[] { 0, 1.5f, 0, 0, -2, 0, 0, 0, 0, 3e-8f, 0 };
        var (mask, values) = SparseEncoding.Encode(data);
        Assert.Equal(2, mask.Length);
        Assert.Equal(new[] { 1.5f, -2f, 3e-8f }, values);
        Assert.Equal(data, SparseEncoding.Decode(mask, values, data.Length));
        Assert.Throws<InvalidDataException>(() => SparseEncoding.Decode(mask, values[..2], data.Length));
    }

    [Fact]
    public void Ensemble_file_round_trips_members_state_and_calibration_and_is_smaller_when_pruned()
    {
        using var temp = new TempDirectory();
        var header = new EnsembleHeader("r", "PSGLD-SA", "kle-darcy", "{}", "darcy-cnn", "{}", [1, 4, 4], 400);
        var dense = Enumerable.Range(0, 40000).Select(i => (float)Math.Sin(i + 1)).ToArray();
        var pruned = dense.Select((v, i) => i % 10 == 0 ? v : 0f).ToArray();
        using var member = new EnsembleMember(2, 99, [("fc.weight", tensor(pruned).reshape(400, 100)), ("fc.bias", tensor(dense[..40]))]);
        var state = new Dictionary<string, double[]> { ["velocity_mean"] = [1, 2, 3], ["n"] = [4] };
        var path = temp.File("ensemble.h5");

        var intervals = new IntervalCalibration([0.5, 0.95], [0.6, 2.3]);
        EnsembleFile.Write(path, header, [member], state, new EnsembleCalibration([0.5, 0.25], intervals, intervals));
        var loaded = EnsembleFile.Read(path);

        Assert.Equal(header with { MemberCount = 1 }, loaded.Header with { InputShape = header.InputShape });
        Assert.Equal(new long[] { 1, 4, 4 }, loaded.Header.InputShape);
        Assert.Equal(["fc.weight", "fc.bias"], loaded.ParameterNames);
        Assert.Equal(pruned, loaded.Members[0]["fc.weight"]);
        Assert.Equal(dense[..40], loaded.Members[0]["fc.bias"]);
        Assert.Equal(new double[] { 1, 2, 3 }, loaded.State["velocity_mean"]);
        Assert.Equal(new[] { 0.5, 0.25 }, loaded.NoiseVariance);
        Assert.Equal(intervals.Levels, loaded.Intervals!.Levels);
        Assert.Equal(intervals.Multipliers, loaded.Intervals.Multipliers);
        // 10% density: 40000 bits + 4000 floats (21 kB) instead of 40000 floats (160 kB), plus ~8 kB of HDF5 structure.
        Assert.True(new FileInfo(path).Length < 40000 * 4 / 4, $"file of {new FileInfo(path).Length} bytes");
    }

    [Fact]
    public void Reading_a_missing_or_corrupt_ensemble_names_the_file_and_the_fix()
    {
        using var temp = new TempDirectory();
        var missing = Assert.Throws<SparsePlugins.Abstractions.InvalidInputException>(() => EnsembleFile.Read(temp.File("none.h5")));
        Assert.Contains("predict --model", missing.Message, StringComparison.Ordinal);
        File.WriteAllText(temp.File("bad.h5"), "not hdf5");
        var corrupt = Assert.Throws<SparsePlugins.Abstractions.InvalidInputException>(() => EnsembleFile.Read(temp.File("bad.h5")));
        Assert.Contains("bad.h5", corrupt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gaussian_ensemble_stores_no_interval_table_and_an_unusable_table_is_rejected_on_reading()
    {
        using var temp = new TempDirectory();
        var header = new EnsembleHeader("r", "PSGLD", "kle-darcy", "{}", "darcy-cnn", "{}", [1], 1);
        using var member = new EnsembleMember(0, 1, [("w", tensor(new float[] { 1 }))]);

        EnsembleFile.Write(temp.File("g.h5"), header, [member], new Dictionary<string, double[]>(), new EnsembleCalibration([1.0], null, null));
        Assert.Null(EnsembleFile.Read(temp.File("g.h5")).Intervals);

        var decreasing = new IntervalCalibration([0.5, 0.9], [2.0, 1.0]);
        EnsembleFile.Write(temp.File("bad.h5"), header, [member], new Dictionary<string, double[]>(),
            new EnsembleCalibration([1.0], decreasing, decreasing));
        var error = Assert.Throws<SparsePlugins.Abstractions.InvalidInputException>(() => EnsembleFile.Read(temp.File("bad.h5")));
        Assert.Contains("non-decreasing", error.Message, StringComparison.Ordinal);
    }
}
