using System.Reflection;
using SparsePlugins.Abstractions;
using SparsePlugins.Darcy;
using SparsePlugins.Host;
using SparsePlugins.Host.Cli;
using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

/// <summary>
/// The one mapping from a failure to an exit code (issue 13): the user-input type plugins and host throw is bad input
/// (2) however it is wrapped; everything else is an internal failure (1) that says it is not the user's mistake.
/// </summary>
public sealed class ExitCodeTests
{
    public static TheoryData<string, int> Failures => new()
    {
        { "input", ExitCodes.BadInput },
        { "input-in-parallel-loop", ExitCodes.BadInput },
        { "input-in-reflection", ExitCodes.BadInput },
        { "solver", ExitCodes.RunFailed },
        { "solver-in-parallel-loop", ExitCodes.RunFailed },
        { "bug", ExitCodes.RunFailed },
        { "divergence", ExitCodes.RunFailed },
        { "cancelled", ExitCodes.Interrupted },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_maps_to_its_exit_code(string failure, int expected) =>
        Assert.Equal(expected, ExitCodes.Of(Make(failure)));

    [Fact]
    public void An_internal_failure_says_it_is_not_the_users_mistake_and_bad_input_is_left_as_written()
    {
        var solver = ExitCodes.Describe(Make("solver-in-parallel-loop"));
        Assert.Equal("internal failure (not a mistake in your input): Pressure CG did not reach 1e-12 in 200 iterations.", solver);
        Assert.Equal("TrainFile is missing; give its path.", ExitCodes.Describe(Make("input-in-parallel-loop")));
    }

    [Fact]
    public void The_host_keeps_one_user_input_exception_type_the_one_plugins_throw()
    {
        var hostTypes = typeof(HostApplication).Assembly.GetTypes();

        Assert.DoesNotContain(hostTypes, t => t.Name is "UserInputException");
        Assert.DoesNotContain(hostTypes, t => typeof(Exception).IsAssignableFrom(t) && t.Name.Contains("Input", StringComparison.Ordinal));
    }

    /// <summary>
    /// A field the solver cannot handle although it passes validation (positive and finite, but a denormal 1e-320 whose
    /// reciprocal overflows, so the solver's factorisation loses positive definiteness): `solve` fails with exit code 1
    /// and "internal failure" in the log, not with exit code 2, and writes no solution.
    /// </summary>
    [Fact]
    public void A_solver_that_does_not_converge_is_an_internal_failure_not_bad_input()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("kappa.csv"), "1e-320,1\n1,1e300\n");

        var run = HostRun.Invoke("solve", "--problem", "kle-darcy", "--input", temp.File("kappa.csv"), "--out", temp.File("solution"));

        Assert.Equal(ExitCodes.RunFailed, run.ExitCode);
        Assert.DoesNotContain("error:", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("solution/p.csv")));
    }

    private static Exception Make(string failure) => failure switch
    {
        "input" => new InvalidInputException("TrainFile is missing; give its path."),
        "input-in-parallel-loop" => new AggregateException(Make("input")),
        "input-in-reflection" => new TargetInvocationException(Make("input")),
        "solver" => new SolverFailureException("Pressure CG did not reach 1e-12 in 200 iterations."),
        "solver-in-parallel-loop" => new AggregateException(Make("solver")),
        "bug" => new NullReferenceException(),
        "divergence" => new DivergenceException("the loss is NaN; lower StepSize"),
        "cancelled" => new OperationCanceledException(),
        _ => throw new ArgumentOutOfRangeException(nameof(failure)),
    };
}
