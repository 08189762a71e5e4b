using System.Runtime.InteropServices;
using SparsePlugins.Host;

NativeRuntime.Apply();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C stops after the current step and checkpoints, so finished work is written; a second one kills.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
// SIGTERM (kill, Slurm at the time limit, Kubernetes eviction) gets the same graceful stop instead of an instant exit.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});
return HostApplication.Run(args, Console.Out, Console.Error, cancellation.Token);
