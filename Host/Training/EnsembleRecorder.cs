using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>One saved network sample: a CPU copy of every parameter, in module order.</summary>
public sealed record EnsembleMember(int Chain, long Iteration, IReadOnlyList<(string Name, Tensor Value)> Parameters) : IDisposable
{
    public void Dispose()
    {
        foreach (var (_, value) in Parameters) value.Dispose();
    }
}

/// <summary>
/// Keeps at most <c>capacity</c> of the samples a chain offers, evenly spaced over the chain whatever its length (a
/// budgeted run does not know its length in advance): every offer is kept until the buffer overflows, then every
/// second kept member is dropped and from then on only every second offer is taken, and so on.
/// </summary>
public sealed class EnsembleRecorder(int capacity) : IDisposable
{
    private readonly List<EnsembleMember> _members = [];
    private long _offered;
    private long _stride = 1;

    public IReadOnlyList<EnsembleMember> Members => _members;

    public void Offer(int chain, long iteration, IReadOnlyList<NamedParameter> parameters)
    {
        if (capacity <= 0) return;
        bool take = _offered++ % _stride == 0;
        if (!take) return;
        using (no_grad())
        {
            var copies = parameters.Select(p => (p.Name, p.Parameter.detach().cpu().clone().DetachFromDisposeScope())).ToList();
            _members.Add(new EnsembleMember(chain, iteration, copies));
        }
        if (_members.Count <= capacity) return;
        // Offers 0, s, 2s, ... are kept; dropping the odd positions leaves 0, 2s, 4s, ...: stride 2s.
        for (int i = _members.Count - 1; i >= 0; i--)
        {
            if (i % 2 == 1)
            {
                _members[i].Dispose();
                _members.RemoveAt(i);
            }
        }
        _stride *= 2;
    }

    /// <summary>Adds copies of the kept members under <paramref name="prefix"/>; returns what is not a tensor.</summary>
    public RecorderCounts Save(IDictionary<string, Tensor> state, string prefix)
    {
        for (int m = 0; m < _members.Count; m++)
        {
            foreach (var (name, value) in _members[m].Parameters) state[$"{prefix}{m}/{name}"] = value.clone();
        }
        return new RecorderCounts(_offered, _stride, _members.Select(m => m.Chain).ToArray(), _members.Select(m => m.Iteration).ToArray());
    }

    /// <summary>Replaces the members with what <see cref="Save"/> wrote (the tensors are copied).</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state, string prefix, RecorderCounts counts)
    {
        Dispose();
        for (int m = 0; m < counts.Chains.Length; m++)
        {
            var member = $"{prefix}{m}/";
            var parameters = state.Where(kv => kv.Key.StartsWith(member, StringComparison.Ordinal))
                .Select(kv => (kv.Key[member.Length..], kv.Value.clone().DetachFromDisposeScope())).ToList();
            _members.Add(new EnsembleMember(counts.Chains[m], counts.Iterations[m], parameters));
        }
        _offered = counts.Offered;
        _stride = counts.Stride;
    }

    public void Dispose()
    {
        foreach (var member in _members) member.Dispose();
        _members.Clear();
    }
}

/// <summary>The part of a recorder's state that is not a tensor.</summary>
public sealed record RecorderCounts(long Offered, long Stride, int[] Chains, long[] Iterations);
