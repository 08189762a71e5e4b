// Tests share libtorch's global state (default generator, thread pool); run them one at a time for determinism.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
