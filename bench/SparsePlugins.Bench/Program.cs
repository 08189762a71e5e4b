using System.Diagnostics;
using System.Globalization;
using SparsePlugins.Abstractions;
using SparsePlugins.Networks;
using SparsePlugins.Priors;
using SparsePlugins.Samplers;
using SparsePlugins.Samplers.Numerics;
using TorchSharp;
using static TorchSharp.torch;

// One full training step of the Section 6.2 network (ERRATA 13), batch 32, in the ChainRunner's order: zero grads,
// forward, NLL * N/n, backward, prior gradient, sampler step, scaled SSE, prior update (SA + pruning), constrain.
// Without arguments every method runs in its own child process so that each peak RSS is its own.

// Usage: SparsePlugins.Bench [threads] (all methods, one child process each) | SparsePlugins.Bench ops | SparsePlugins.Bench <method> [threads]
string[] methods = ["sgd", "sgld", "psgld", "psgld-sa", "psgld-sa-prune10"];
int warmup = 5, timed = 20;
if (args.Length == 0 || int.TryParse(args[0], out _))
{
    string threadArg = args.Length > 0 ? args[0] : "0";
    Console.WriteLine($"threads: {(threadArg == "0" ? "libtorch default" : threadArg)}");
    Console.WriteLine($"| method | median ms/step | p10..p90 ms | CPU ms/step | forward+backward | prior grad | sampler | prior update | peak RSS MiB |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    foreach (var method in methods)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, [method, threadArg]) { RedirectStandardOutput = true };
        using var child = Process.Start(start)!;
        Console.WriteLine(child.StandardOutput.ReadToEnd().TrimEnd());
        child.WaitForExit();
    }
    return;
}

var name = args[0];
if (args.Length > 1 && int.TryParse(args[1], out var threads) && threads > 0) set_num_threads(threads);
if (name == "ops")
{
    // Per-operation cost on one 4.08 M float32 tensor (the largest dense weight), for finding hot spots.
    using var gen = new Generator(3);
    var a = randn(new long[] { 5100, 800 }, generator: gen);
    var b = randn(new long[] { 5100, 800 }, generator: gen);
    var c = rand(new long[] { 5100, 800 }, generator: gen).add_(0.1);
    var mask = zeros(new long[] { 5100, 800 }, ScalarType.Bool);
    void Time(string label, Action op)
    {
        for (int i = 0; i < 3; i++) { using var s0 = NewDisposeScope(); op(); }
        var times = new List<double>();
        for (int i = 0; i < 15; i++)
        {
            using var s1 = NewDisposeScope();
            var t = Stopwatch.GetTimestamp();
            op();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"{label,-28} {times[times.Count / 2],8:F2} ms");
    }
    using var ng = no_grad();
    Time("add_(t, alpha)", () => a.add_(b, 0.5));
    Time("mul_(scalar)", () => a.mul_(1.0));
    Time("copy_", () => a.copy_(b));
    Time("addcmul_", () => a.addcmul_(b, c, 0.1));
    Time("addcdiv_", () => a.addcdiv_(b, c, 0.1));
    Time("sqrt_ (on c)", () => c.sqrt_());
    Time("abs_", () => a.abs_());
    Time("sign_", () => a.sign_());
    Time("sigmoid_", () => a.sigmoid_());
    Time("normal_(generator)", () => a.normal_(0, 1, gen));
    Time("randn(generator)", () => randn(new long[] { 5100, 800 }, generator: gen));
    Time("normal_(no generator)", () => a.normal_(0, 1));
    Time("masked_fill_", () => a.masked_fill_(mask, 0));
    Time("dot", () => a.view(-1).dot(b.view(-1)).ToDouble());
    Time("sum", () => a.sum().ToDouble());
    Time("kthvalue(2M)", () => a.view(-1).kthvalue(2_000_000, 0).Item1.ToDouble());
    Time("le(scalar tensor)", () => a.le(tensor(0.5f)));
    Time("count_nonzero", () => a.count_nonzero().ToInt64());
    return;
}
const long batch = 32, trainingSize = 1300, outputs = 5100;
manual_seed(1);
var shape = new ProblemShape([1, 50, 50], outputs, ScalarType.Float32);
var network = new DarcyCnnPlugin().Create(new DarcyCnnOptions(), new PluginContext { Seed = 1, Shape = shape });
var module = network.Module;
var parameters = module.named_parameters().Select(p => new NamedParameter(p.name, p.parameter)).ToList();

ISampler sampler = name switch
{
    "sgd" => new SgdSampler(new SgdOptions { StepSize = 1e-7 }),
    "sgld" => new SgldSampler(new SgldOptions { StepSize = 1e-7 }),
    "psgld" => new PsgldSampler(new PsgldOptions { StepSize = 1e-5 }),
    _ => new PsgldSampler(new PsgldOptions { StepSize = 1e-5, AlphaSchedule = AlphaSchedule.Decaying }),
};
IPrior prior = name.StartsWith("psgld-sa", StringComparison.Ordinal)
    ? new SsglPrior(new SsglOptions { TargetSparsity = 0.9, RampInterval = 5, PruneEvery = name.EndsWith("prune10") ? 10 : 1 })
    : new GaussianPrior(new GaussianOptions());
prior.Initialize(new PriorSetup(parameters, network.SparseLayers, trainingSize, 1000));
prior.Constrain();
sampler.Initialize(parameters);

using var generator = new Generator(7);
var x = randn(new long[] { batch, 1, 50, 50 }, generator: generator);
var y = randn(new long[] { batch, outputs }, generator: generator);
double scale = (double)trainingSize / batch;
var total = new List<double>();
double[] phases = new double[4];
var clock = new Stopwatch();

TimeSpan cpuStart = TimeSpan.Zero;
double lastLoss = double.NaN, firstLoss = double.NaN;
for (int k = 1; k <= warmup + timed; k++)
{
    if (k == warmup + 1) cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    using var scope = NewDisposeScope();
    var t0 = Stopwatch.GetTimestamp();
    foreach (var p in parameters) p.Parameter.grad = null;
    var prediction = module.forward(x);
    double noise = prior.NoiseVariance ?? 1.0;
    var loss = prediction.sub(y).square().sum().div(2 * noise).mul(scale);
    loss.backward();
    lastLoss = loss.ToDouble();
    var t1 = Stopwatch.GetTimestamp();
    prior.AddGradient();
    var t2 = Stopwatch.GetTimestamp();
    sampler.Step(new SamplerStep(k, generator));
    var t3 = Stopwatch.GetTimestamp();
    double sse;
    using (no_grad()) sse = prediction.detach().sub(y).square().sum().ToDouble() * scale;
    prior.Update(new PriorUpdate(k, sse, outputs));
    prior.Constrain();
    var t4 = Stopwatch.GetTimestamp();
    if (k == 1) firstLoss = lastLoss;
    if (k > warmup)
    {
        total.Add(Stopwatch.GetElapsedTime(t0, t4).TotalMilliseconds);
        phases[0] += Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds / timed;
        phases[1] += Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds / timed;
        phases[2] += Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds / timed;
        phases[3] += Stopwatch.GetElapsedTime(t3, t4).TotalMilliseconds / timed;
    }
}

double cpuPerStep = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds / timed;
total.Sort();
double Quantile(double q) => total[(int)Math.Round(q * (total.Count - 1))];
long peakKiB = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
long count = parameters.Sum(p => p.Parameter.numel());
var extra = prior.Metrics.TryGetValue("sparsity", out var sparsity) ? $" (sparsity {sparsity:F2})" : "";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {name}{extra} | {Quantile(0.5):F1} | {Quantile(0.1):F0}..{Quantile(0.9):F0} | {cpuPerStep:F0} | {phases[0]:F1} | {phases[1]:F1} | {phases[2]:F1} | {phases[3]:F1} | {peakKiB / 1024} |"));
Console.Error.WriteLine($"{name}: {count:N0} parameters, loss {firstLoss:G4} -> {lastLoss:G4}");
