namespace SparsePlugins.Priors;

/// <summary>
/// The unpruned weights of a layer whose magnitude key (the bits of |b|) is at most the bound the latent pass was given,
/// as it listed them: if there are at least as many as pruning must add, the threshold is among them.
/// </summary>
internal sealed record PruneCandidates((uint Key, long Index)[] Items);
