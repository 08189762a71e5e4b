using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>A network architecture instance: the module and which of its parameters it proposes as sparse.</summary>
public interface INetwork
{
    nn.Module<Tensor, Tensor> Module { get; }

    /// <summary>Parameter-name patterns (<c>*</c> wildcard) a sparse prior uses unless told otherwise.</summary>
    IReadOnlyList<string> SparseLayers { get; }
}

/// <summary>The plain implementation most network plugins need.</summary>
public sealed record Network(nn.Module<Tensor, Tensor> Module, IReadOnlyList<string> SparseLayers) : INetwork;
