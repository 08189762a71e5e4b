using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Samplers.Numerics;

/// <summary>
/// One buffer per parameter (same shape, dtype and device), allocated once and reused every step. Buffers live
/// outside any dispose scope. A named buffer set takes part in checkpoints as <c>&lt;parameter&gt;.&lt;name&gt;</c>;
/// an unnamed one is scratch space.
/// </summary>
public sealed class ParameterBuffers
{
    private Tensor[] _buffers = [];
    private IReadOnlyList<NamedParameter> _parameters = [];

    /// <param name="stateName">Suffix in checkpoints (e.g. <c>V</c>); null for scratch that is not saved.</param>
    public ParameterBuffers(string? stateName = null) => StateName = stateName;

    public string? StateName { get; }

    public Tensor this[int index] => _buffers[index];

    public void Allocate(IReadOnlyList<NamedParameter> parameters)
    {
        foreach (var buffer in _buffers) buffer.Dispose();
        _parameters = parameters;
        using var _ = no_grad();
        _buffers = parameters.Select(p => zeros_like(p.Parameter).DetachFromDisposeScope()).ToArray();
    }

    public void Save(IDictionary<string, Tensor> state)
    {
        if (StateName is null) return;
        for (int i = 0; i < _buffers.Length; i++)
        {
            state[$"{_parameters[i].Name}.{StateName}"] = _buffers[i].detach().clone().DetachFromDisposeScope();
        }
    }

    /// <returns>True when every buffer was found in <paramref name="state"/>.</returns>
    public bool Load(IReadOnlyDictionary<string, Tensor> state)
    {
        if (StateName is null) return true;
        bool all = true;
        using var _ = no_grad();
        for (int i = 0; i < _buffers.Length; i++)
        {
            if (state.TryGetValue($"{_parameters[i].Name}.{StateName}", out var saved)) _buffers[i].copy_(saved);
            else all = false;
        }
        return all;
    }
}
