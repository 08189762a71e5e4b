using SparsePlugins.Host;

NativeRuntime.Apply();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C stops after the current step so finished work is written; a second one kills.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
return HostApplication.Run(args, Console.Out, Console.Error, cancellation.Token);
