using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;
using SparsePlugins.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Surrogate.Bench;

/// <summary>Builds, prunes and feeds the Section 6.2 network (<see cref="DarcyCnn"/>) at any grid size.</summary>
internal static class Surrogate
{
    /// <summary>RT0 velocity length 2N(N+1): the network's output size on an N x N grid.</summary>
    public static long Outputs(int n) => 2L * n * (n + 1);

    /// <summary>The paper's network for an N x N permeability field, default options, fixed seed, eval mode.</summary>
    public static DarcyCnn Build(int n)
    {
        manual_seed(1);
        var net = new DarcyCnn(new DarcyCnnOptions(), n, n, Outputs(n));
        net.eval();
        return net;
    }

    /// <summary>
    /// Rough peak memory of a forward at batch <paramref name="batch"/>: float32 parameters plus, per field, the
    /// input, both full-resolution activations and a worst-case 3x3 im2col buffer of conv2. Used only to skip grids
    /// that would not fit comfortably.
    /// </summary>
    public static long EstimatedPeakBytes(int n, int batch)
    {
        var o = new DarcyCnnOptions();
        long cells = (long)n * n, coarse = (long)o.CoarseSide * o.CoarseSide;
        var parameters = 9L * o.Conv1Channels + o.Conv1Channels + 9L * o.Conv1Channels * o.Conv2Channels + o.Conv2Channels
                         + (o.Conv2Channels * (n / 2L) * (n / 2L) + 1) * coarse
                         + 9L * o.Conv3Channels + o.Conv3Channels + 9L * o.Conv3Channels * o.Conv4Channels + o.Conv4Channels
                         + (o.Conv4Channels * coarse + 1) * o.Hidden + (o.Hidden + 1L) * Outputs(n);
        var perField = cells * (1 + o.Conv1Channels + o.Conv2Channels + 9L * o.Conv1Channels);
        return 4 * (parameters + batch * perField);
    }

    public static Dictionary<string, Tensor> Parameters(DarcyCnn net) =>
        net.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);

    public static long ParameterCount(DarcyCnn net) => net.parameters().Sum(p => p.numel());

    /// <summary>
    /// Magnitude pruning of each sparse layer (fc1, fc2, fc3 weights): zeroes exactly round(rate * size) entries, the
    /// smallest |w| of that layer, as the sparse prior's pruning does per layer.
    /// </summary>
    public static void Prune(DarcyCnn net, double rate)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var zero = 0.0f.ToScalar();
        var parameters = Parameters(net);
        foreach (var name in DarcyCnn.DenseWeights)
        {
            var flat = parameters[name].view(-1);
            var count = (long)Math.Round(rate * flat.numel());
            if (count == 0) continue;
            var smallest = flat.abs().argsort().narrow(0, 0, count);
            flat.index_fill_(0, smallest, zero);
        }
    }

    /// <summary>
    /// <paramref name="batch"/> KLE32 affine (kappa0 = 10) permeability fields on an N x N grid as a float32
    /// [batch, N, N] tensor: the network's real input (the cost does not depend on it, the accuracy check does).
    /// </summary>
    public static Tensor Fields(int n, int batch)
    {
        var field = Field(n);
        var data = new float[batch * n * n];
        for (var s = 0; s < batch; s++)
        {
            var kappa = Kappa(field, s);
            for (var c = 0; c < kappa.Length; c++) data[s * kappa.Length + c] = (float)kappa[c];
        }

        return tensor(data, [batch, n, n]);
    }

    /// <summary>The KLE32 affine field with kappa0 = 10 (nearly every sample positive; see DarcyGeneratorOptions.Mean).</summary>
    public static KleField Field(int n) => new(new KleBasis(new DarcyGrid(n), 32), 10.0, PermeabilityForm.Affine);

    /// <summary>Sample <paramref name="index"/> of data-set seed 1, as the generator draws it.</summary>
    public static double[] Kappa(KleField field, int index)
    {
        var mu = new double[field.Basis.Terms];
        var kappa = new double[field.Basis.Grid.CellCount];
        KleField.DrawCoefficients(KleField.SampleSeed(1, index), mu);
        field.Evaluate(mu, kappa);
        return kappa;
    }
}

/// <summary>How <see cref="FunctionalCnn"/> computes its three dense layers.</summary>
internal enum DenseKernel
{
    /// <summary><c>linear</c> on the dense (possibly pruned) weight: the baseline.</summary>
    Dense,

    /// <summary>
    /// (W_coo x^T)^T + b with W as a COO sparse tensor. TorchSharp 0.107 exposes only the COO layout
    /// (<c>to_sparse()</c>; no CSR); a COO left operand in <c>mm</c> takes libtorch's sparse-dense kernel.
    /// </summary>
    CooMm,

    /// <summary>
    /// The same product from dense ops on the non-zeros: y = b, then y[:, row_k] += w_k x[:, col_k] by
    /// <c>index_select</c>, <c>mul</c> and <c>index_add_</c>. A check on whether COO's kernel or sparsity itself
    /// is what costs.
    /// </summary>
    GatherIndexAdd,
}

/// <summary>
/// The <see cref="DarcyCnn"/> forward pass written with functional calls on the module's own parameters, so that the
/// three dense layers can run with any <see cref="DenseKernel"/>. The module's layers are private, hence the
/// re-implementation; <see cref="Tables"/> checks it against <c>DarcyCnn.forward</c>.
/// </summary>
internal sealed class FunctionalCnn : IDisposable
{
    private static readonly long[] Same = [1, 1];
    private static readonly long[] Pool = [2, 2];
    private readonly Dictionary<string, Tensor> _p;
    private readonly Dictionary<string, Tensor> _coo = [];
    private readonly Dictionary<string, (Tensor Rows, Tensor Columns, Tensor Values)> _entries = [];
    private readonly DenseKernel _kernel;
    private readonly long _n;
    private readonly long _side = new DarcyCnnOptions().CoarseSide;

    public FunctionalCnn(DarcyCnn net, long n, DenseKernel kernel)
    {
        _p = Surrogate.Parameters(net);
        _n = n;
        _kernel = kernel;
        if (kernel == DenseKernel.Dense) return;
        using var noGrad = no_grad();
        foreach (var name in DarcyCnn.DenseWeights)
        {
            // to_sparse() keeps the non-zeros only and returns a coalesced COO tensor (int64 indices, float32 values).
            var coo = _p[name].detach().to_sparse();
            if (kernel == DenseKernel.CooMm) _coo[name] = coo;
            else _entries[name] = Entries(coo);
        }
    }

    /// <summary>Row indices, column indices and values of a COO matrix's non-zeros, as plain dense tensors.</summary>
    private static (Tensor Rows, Tensor Columns, Tensor Values) Entries(Tensor coo)
    {
        using (coo)
        {
            using var indices = coo.SparseIndices;
            using var values = coo.SparseValues;
            using var rows = indices[0];
            using var columns = indices[1];
            return (rows.clone(), columns.clone(), values.clone());
        }
    }

    /// <summary>Non-zeros held by the sparse kernels (0 for the dense one).</summary>
    public long StoredNonZeros => _kernel switch
    {
        DenseKernel.CooMm => _coo.Values.Sum(w =>
        {
            using var values = w.SparseValues;
            return values.numel();
        }),
        DenseKernel.GatherIndexAdd => _entries.Values.Sum(e => e.Values.numel()),
        _ => 0,
    };

    public Tensor Forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.reshape(input.shape[0], 1, _n, _n);
        x = nn.functional.relu(Conv("conv1", x));
        x = nn.functional.relu(Conv("conv2", x));
        x = nn.functional.avg_pool2d(x, Pool).flatten(1);
        x = nn.functional.relu(Dense("fc1", x)).reshape(-1, 1, _side, _side);
        x = nn.functional.relu(Conv("conv3", x));
        x = nn.functional.relu(Conv("conv4", x)).flatten(1);
        x = nn.functional.relu(Dense("fc2", x));
        return Dense("fc3", x).MoveToOuterDisposeScope();
    }

    /// <summary>The three dense layers alone on given inputs (their share of the forward cost).</summary>
    public Tensor DenseLayersOnly(Tensor fc1Input, Tensor fc2Input, Tensor fc3Input)
    {
        using var scope = NewDisposeScope();
        Dense("fc1", fc1Input);
        Dense("fc2", fc2Input);
        return Dense("fc3", fc3Input).MoveToOuterDisposeScope();
    }

    private Tensor Conv(string layer, Tensor x) =>
        nn.functional.conv2d(x, _p[layer + ".weight"], _p[layer + ".bias"], padding: Same);

    /// <summary>x W^T + b by the instance's kernel.</summary>
    private Tensor Dense(string layer, Tensor x)
    {
        var weight = layer + ".weight";
        var bias = _p[layer + ".bias"];
        switch (_kernel)
        {
            case DenseKernel.CooMm:
                return _coo[weight].mm(x.t()).t().Plus(bias);
            case DenseKernel.GatherIndexAdd:
                var (rows, columns, values) = _entries[weight];
                using (var one = 1.0.ToScalar())
                {
                    var y = bias.expand(x.shape[0], bias.shape[0]).clone();
                    return y.index_add_(1, rows, x.index_select(1, columns).mul(values), one);
                }

            default:
                return nn.functional.linear(x, _p[weight], bias);
        }
    }

    public void Dispose()
    {
        foreach (var w in _coo.Values) w.Dispose();
        foreach (var (rows, columns, values) in _entries.Values)
        {
            rows.Dispose();
            columns.Dispose();
            values.Dispose();
        }
    }
}
