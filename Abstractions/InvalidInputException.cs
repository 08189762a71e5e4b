namespace SparsePlugins.Abstractions;

/// <summary>
/// Thrown by a plugin for bad user input: a missing or corrupt file, an impossible combination of options. The host
/// reports the message as it is (so it should name the problem and the fix) and exits with code 2.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
