using System.Runtime.InteropServices;
using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// Gathers a chain's shuffled mini-batches into two buffers allocated once, so that a step allocates no input or
/// target memory (an <c>index_select</c> per step allocated both). Rows are copied as bytes straight from the
/// training tensors, so the batch holds exactly the values <c>index_select</c> would give and seeded runs do not change.
/// Tensors that are not contiguous CPU tensors (a GPU run) take the <c>index_select</c> path.
/// </summary>
public sealed class MiniBatchGather : IDisposable
{
    private readonly TensorDataset train;
    private readonly Tensor? inputs;
    private readonly Tensor? targets;

    public MiniBatchGather(TensorDataset train, long batchSize)
    {
        this.train = train;
        if (!IsHostMemory(train.Inputs) || !IsHostMemory(train.Targets)) return;
        // Created outside any step's dispose scope and owned here: they live as long as the chain.
        inputs = NewBuffer(train.Inputs, batchSize);
        targets = NewBuffer(train.Targets, batchSize);
    }

    /// <summary>True when batches are copied into the preallocated buffers (contiguous CPU data).</summary>
    public bool Preallocated => inputs is not null;

    /// <summary>
    /// The rows <paramref name="order"/>[start .. start + count) of the training inputs and targets. On the copying path
    /// the results are views of the buffers, valid until the next call.
    /// </summary>
    public (Tensor Inputs, Tensor Targets) Gather(Tensor order, long start, long count)
    {
        if (inputs is null || targets is null)
        {
            var index = order.narrow(0, start, count);
            return (train.Inputs.index_select(0, index), train.Targets.index_select(0, index));
        }
        var rows = MemoryMarshal.Cast<byte, long>(order.bytes).Slice((int)start, (int)count);
        CopyRows(train.Inputs, inputs, rows);
        CopyRows(train.Targets, targets, rows);
        return (inputs.narrow(0, 0, count), targets.narrow(0, 0, count));
    }

    // Spans index with int: larger tensors take the index_select path.
    private static bool IsHostMemory(Tensor t) =>
        t.device_type == DeviceType.CPU && t.is_contiguous() && t.dim() >= 1 && t.numel() * t.ElementSize < int.MaxValue;

    private static Tensor NewBuffer(Tensor source, long batchSize)
    {
        var shape = source.shape.ToArray();
        shape[0] = Math.Min(batchSize, shape[0]);
        return empty(shape, source.dtype, source.device).DetachFromDisposeScope();
    }

    private static void CopyRows(Tensor source, Tensor buffer, ReadOnlySpan<long> rows)
    {
        var from = source.bytes;
        var to = buffer.bytes;
        int rowBytes = (int)(from.Length / source.shape[0]);
        for (int i = 0; i < rows.Length; i++)
        {
            from.Slice(checked((int)rows[i] * rowBytes), rowBytes).CopyTo(to.Slice(i * rowBytes, rowBytes));
        }
    }

    public void Dispose()
    {
        inputs?.Dispose();
        targets?.Dispose();
    }
}
