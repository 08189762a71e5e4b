using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// What the host relies on from every problem's data, checked once when the problem is created, because a violation
/// fails silently later: a target shaped [n] against predictions [n, 1] broadcasts to an [n, n] squared error.
/// </summary>
public static class ProblemContract
{
    /// <exception cref="InvalidOperationException">The plugin broke the contract; the message names the plugin, the split and the shapes.</exception>
    public static void Check(IProblem problem, string plugin)
    {
        var problems = new List<string>();
        Split(problem, "Train", problem.Train, problems);
        Split(problem, "Test", problem.Test, problems);
        if (problem.Validation is { } validation) Split(problem, "Validation", validation, problems);
        if (problem.Train.Count == 0) problems.Add("Train is empty");
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Problem plugin '{plugin}' breaks the IProblem contract ({string.Join("; ", problems)}): " +
                "inputs must be [n, ...Shape.InputShape] and targets [n, Shape.OutputSize], both of Shape.DType. Fix the plugin.");
        }
    }

    private static void Split(IProblem problem, string name, TensorDataset set, List<string> problems)
    {
        var shape = problem.Shape;
        long n = set.Inputs.shape[0];
        long[] inputs = [n, .. shape.InputShape];
        long[] targets = [n, shape.OutputSize];
        if (!set.Inputs.shape.SequenceEqual(inputs)) problems.Add($"{name} inputs are {Text(set.Inputs.shape)}, not {Text(inputs)}");
        if (!set.Targets.shape.SequenceEqual(targets)) problems.Add($"{name} targets are {Text(set.Targets.shape)}, not {Text(targets)}");
        if (set.Inputs.dtype != shape.DType || set.Targets.dtype != shape.DType)
        {
            problems.Add($"{name} is {set.Inputs.dtype}/{set.Targets.dtype}, not {shape.DType}");
        }
    }

    private static string Text(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
