using System.Runtime.ExceptionServices;
using SparsePlugins.Host.Configuration;
using TorchSharp;

namespace SparsePlugins.Host.Training;

/// <summary>
/// Independent chains side by side, one thread each. Every chain draws only from its own generators (noise, batch
/// order) and the networks are built beforehand in chain order, so a run's numbers do not depend on how many run at once.
/// </summary>
public static class ChainParallelism
{
    /// <summary>
    /// Networks up to this many parameters run one chain per core by default: their tensor operations are too small for
    /// libtorch's own threads to use the cores (the Section 6.1 linear model has 200), while a larger network's already
    /// do, and side by side its chains would only compete for them and hold all their state in memory at once.
    /// </summary>
    public const long SmallNetwork = 100_000;

    /// <summary>How many chains run at once: Training:ParallelChains, or for 0 (auto) one per core when the network is small.</summary>
    public static int Width(TrainingOptions training, long weights)
    {
        int requested = training.ParallelChains > 0 ? training.ParallelChains
            : weights <= SmallNetwork ? Environment.ProcessorCount : 1;
        return Math.Clamp(requested, 1, training.Chains);
    }

    /// <summary>
    /// Runs every chain, at most <paramref name="width"/> at once, each to its end even when another fails; then rethrows
    /// the first failure in chain order, a chain's own error before an interruption.
    /// </summary>
    public static void Run<T>(IReadOnlyList<T> chains, int width, Action<T> run)
    {
        var failures = new Exception?[chains.Count];
        int threads = torch.get_num_threads();
        Parallel.For(0, chains.Count, new ParallelOptions { MaxDegreeOfParallelism = width }, i =>
        {
            try
            {
                // libtorch's thread settings (OpenMP's included) are per calling thread; a pool thread has the
                // defaults, and a kernel that splits its work by them would round differently than the main thread.
                torch.set_num_threads(threads);
                run(chains[i]);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });
        var failure = failures.FirstOrDefault(e => e is not null and not OperationCanceledException)
                      ?? failures.FirstOrDefault(e => e is not null);
        if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
