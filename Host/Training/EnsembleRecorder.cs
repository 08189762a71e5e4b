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

    public void Dispose()
    {
        foreach (var member in _members) member.Dispose();
        _members.Clear();
    }
}
