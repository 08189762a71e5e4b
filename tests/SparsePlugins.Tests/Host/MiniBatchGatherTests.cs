using SparsePlugins.Abstractions;
using SparsePlugins.Host.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Host;

public sealed class MiniBatchGatherTests
{
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Every_batch_of_an_epoch_equals_index_select_bit_for_bit(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var train = new TensorDataset(randn(23, 1, 4, 3, dtype: dtype, generator: generator), randn(23, 5, dtype: dtype, generator: generator));
        var order = randperm(23, generator: generator);
        using var gather = new MiniBatchGather(train, batchSize: 8);
        Assert.True(gather.Preallocated);

        // 8 + 8 + 7: the last, shorter batch is a view of the buffers' first rows.
        for (long start = 0; start < 23; start += 8)
        {
            long count = Math.Min(8, 23 - start);
            var index = order.narrow(0, start, count);
            var (x, y) = gather.Gather(order, start, count);
            Assert.Equal(new[] { count, 1L, 4L, 3L }, x.shape);
            Assert.True(train.Inputs.index_select(0, index).equal(x).all().item<bool>());
            Assert.True(train.Targets.index_select(0, index).equal(y).all().item<bool>());
        }
    }

    [Fact]
    public void Batches_reuse_the_same_memory()
    {
        using var scope = NewDisposeScope();
        var train = new TensorDataset(Floats(40).reshape(10, 4), Floats(10).reshape(10, 1));
        using var gather = new MiniBatchGather(train, batchSize: 4);
        var order = tensor(new long[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 });

        var first = gather.Gather(order, 0, 4).Targets;
        var second = gather.Gather(order, 4, 4).Targets;

        // The first batch's view now shows the second batch: one buffer, overwritten in place.
        Assert.Equal(new[] { 5f, 4f, 3f, 2f }, second.flatten().data<float>().ToArray());
        Assert.Equal(new[] { 5f, 4f, 3f, 2f }, first.flatten().data<float>().ToArray());
    }

    [Fact]
    public void A_non_contiguous_training_set_takes_the_index_select_path()
    {
        using var scope = NewDisposeScope();
        var train = new TensorDataset(Floats(40).reshape(4, 10).t(), Floats(10).reshape(10, 1));
        using var gather = new MiniBatchGather(train, batchSize: 4);
        Assert.False(gather.Preallocated);

        var (x, _) = gather.Gather(tensor(Enumerable.Range(0, 10).Select(i => (long)i).ToArray()), 2, 3);

        Assert.True(train.Inputs.narrow(0, 2, 3).equal(x).all().item<bool>());
    }

    private static Tensor Floats(int n) => tensor(Enumerable.Range(0, n).Select(i => (float)i).ToArray());
}
