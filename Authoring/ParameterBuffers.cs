using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Authoring;

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

    /// <summary>The checkpoint suffix, or null for scratch space.</summary>
    public string? StateName { get; }

    /// <summary>The buffer of parameter <paramref name="index"/> (in the order of the sampler's parameters).</summary>
    public Tensor this[int index] => _buffers[index];

    /// <summary>Zero buffers shaped like <paramref name="parameters"/>, outside any dispose scope (earlier ones are freed).</summary>
    public void Allocate(IReadOnlyList<NamedParameter> parameters)
    {
        foreach (var buffer in _buffers) buffer.Dispose();
        _parameters = parameters;
        using var _ = no_grad();
        _buffers = parameters.Select(p => zeros_like(p.Parameter).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Adds copies of the buffers as <c>&lt;parameter&gt;.&lt;StateName&gt;</c>; nothing for scratch.</summary>
    public void Save(IDictionary<string, Tensor> state)
    {
        if (StateName is null) return;
        for (int i = 0; i < _buffers.Length; i++)
        {
            state[$"{_parameters[i].Name}.{StateName}"] = _buffers[i].detach().clone().DetachFromDisposeScope();
        }
    }

    /// <summary>Copies the buffers back from what <see cref="Save"/> wrote.</summary>
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
