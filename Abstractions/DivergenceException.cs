namespace SparsePlugins.Abstractions;

/// <summary>Thrown when a chain produces a non-finite loss or parameter; the message says what to change.</summary>
public sealed class DivergenceException(string message) : Exception(message);
