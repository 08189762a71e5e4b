using System.Reflection;
using SparsePlugins.Abstractions;

namespace SparsePlugins.Host.Cli;

/// <summary>
/// The process's exit codes and the one mapping from a failure to its code, used by every command and by the run
/// status: <see cref="InvalidInputException"/> (thrown by the host and by plugins for anything the user can fix) is
/// bad input; cancellation is an interrupt; anything else (a solver that does not converge, a bug) is an internal
/// failure, reported as such so a user does not hunt for a mistake in their configuration.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int RunFailed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;

    public static int Of(Exception e) => Unwrap(e) switch
    {
        InvalidInputException => BadInput,
        OperationCanceledException => Interrupted,
        _ => RunFailed,
    };

    /// <summary>The message for a user: bad input as it is (it names the problem and the fix); others say what they are.</summary>
    public static string Describe(Exception e)
    {
        var cause = Unwrap(e);
        return Of(cause) == RunFailed
            ? "internal failure (not a mistake in your input): " + Runs.FailureText.Describe(cause)
            : cause.Message;
    }

    /// <summary>The exception that says what happened, out of the wrappers that parallel loops and reflection add.</summary>
    public static Exception Unwrap(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => e,
    };
}
