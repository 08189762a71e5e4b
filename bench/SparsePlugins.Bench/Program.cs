using System.Diagnostics;
using System.Globalization;
using SparsePlugins.Abstractions;
using SparsePlugins.Networks;
using SparsePlugins.Priors;
using SparsePlugins.Samplers;
using SparsePlugins.Authoring;
using TorchSharp;
using static TorchSharp.torch;

// One full training step of the Section 6.2 network (ERRATA 13), batch 32, in the ChainRunner's order: zero grads,
// forward, NLL * N/n, backward, prior gradient, sampler step, scaled SSE, prior update (SA + pruning), constrain.
// Without arguments every method runs in its own child process so that each peak RSS is its own.

// Usage:
//   SparsePlugins.Bench [threads]             every method in its own child process (own peak RSS)
//   SparsePlugins.Bench interleaved [threads] all methods in one process, one step of each in turn, so that a
//                                             machine shared with other work loads every method alike
//   SparsePlugins.Bench <method> [threads] | SparsePlugins.Bench ops
string[] methods = ["sgd", "sgld", "psgld", "psgld-sa", "psgld-sa-prune10", "psgld-sa-likelihood"];
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
    var c = rand(new long[] { 5100, 800 }, generator: gen).AddInPlace(0.1);
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
    using var half = 0.5.ToScalar();
    using var one = 1.0.ToScalar();
    using var tenth = 0.1.ToScalar();
    Time("add_(t, alpha)", () => a.add_(b, half));
    Time("mul_(scalar)", () => a.mul_(one));
    Time("copy_", () => a.copy_(b));
    Time("addcmul_", () => a.addcmul_(b, c, tenth));
    Time("addcdiv_", () => a.addcdiv_(b, c, tenth));
    Time("sqrt_ (on c)", () => c.sqrt_());
    Time("abs_", () => a.abs_());
    Time("sign_", () => a.sign_());
    Time("sigmoid_", () => a.sigmoid_());
    Time("normal_(generator)", () => a.normal_(0, 1, gen));
    Time("randn(generator)", () => randn(new long[] { 5100, 800 }, generator: gen));
    Time("normal_(no generator)", () => a.normal_(0, 1));
    Time("masked_fill_", () => a.MaskedFillInPlace(mask, 0));
    Time("dot", () => a.view(-1).dot(b.view(-1)).ReadDouble());
    Time("sum", () => a.sum().ReadDouble());
    Time("kthvalue(2M)", () => a.view(-1).kthvalue(2_000_000, 0).Item1.ReadDouble());
    Time("le(scalar tensor)", () => a.le(tensor(0.5f)));
    Time("count_nonzero", () => a.count_nonzero().ReadInt64());
    return;
}

if (name == "interleaved")
{
    int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
    var chains = methods.Select(m => new BenchChain(m)).ToList();
    Console.WriteLine($"interleaved, threads {get_num_threads()}, {rounds} timed rounds after {warmup} warm-up rounds");
    for (int k = 1; k <= warmup + rounds; k++)
    {
        foreach (var chain in chains) chain.Step(k, k > warmup);
    }
    Console.WriteLine("| method | median ms/step | p10..p90 ms | x sgd (median) | forward+backward | prior grad | sampler | prior update |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    double sgdMedian = chains[0].Quantile(0.5);
    foreach (var chain in chains) Console.WriteLine(chain.Row(sgdMedian));
    return;
}

var single = new BenchChain(name);
var cpuStart = TimeSpan.Zero;
for (int k = 1; k <= warmup + timed; k++)
{
    if (k == warmup + 1) cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    single.Step(k, k > warmup);
}
double cpuPerStep = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds / timed;
long peakKiB = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
Console.WriteLine(single.Row(double.NaN, $" {cpuPerStep:F0} |", $" {peakKiB / 1024} |"));
Console.Error.WriteLine(single.Summary());

/// <summary>One chain of one method on the Section 6.2 network with its own data, prior and sampler.</summary>
internal sealed class BenchChain
{
    private const long Batch = 32, TrainingSize = 1300, Outputs = 5100;
    private readonly string _name;
    private readonly nn.Module<Tensor, Tensor> _module;
    private readonly List<NamedParameter> _parameters;
    private readonly ISampler _sampler;
    private readonly IPrior _prior;
    private readonly Generator _generator = new(7);
    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly List<double> _total = [];
    private readonly double[] _phases = new double[4];
    private double _firstLoss = double.NaN, _lastLoss = double.NaN;

    public BenchChain(string name)
    {
        _name = name;
        manual_seed(1);
        var shape = new ProblemShape([1, 50, 50], Outputs, ScalarType.Float32);
        var network = new DarcyCnnPlugin().Create(new DarcyCnnOptions(), new PluginContext { Seed = 1, Shape = shape });
        _module = network.Module;
        _parameters = _module.named_parameters().Select(p => new NamedParameter(p.name, p.parameter)).ToList();
        _sampler = name switch
        {
            "sgd" => new SgdSampler(new SgdOptions { StepSize = 1e-7 }),
            "sgld" => new SgldSampler(new SgldOptions { StepSize = 1e-7 }),
            "psgld" => new PsgldSampler(new PsgldOptions { StepSize = 1e-5 }),
            _ => new PsgldSampler(new PsgldOptions
            {
                StepSize = 1e-5, AlphaSchedule = AlphaSchedule.Decaying,
                PreconditionOn = name.EndsWith("likelihood", StringComparison.Ordinal) ? PreconditionerSource.Likelihood : PreconditionerSource.Posterior,
            }),
        };
        // PSGLD-SA: SA latents, sigma and delta adapted, pruning towards 90% with a fast ramp so that it prunes
        // every step (every 10th in the prune10 variant).
        _prior = name.StartsWith("psgld-sa", StringComparison.Ordinal)
            ? new SsglPrior(new SsglOptions { TargetSparsity = 0.9, RampInterval = 5, PruneEvery = name.EndsWith("prune10", StringComparison.Ordinal) ? 10 : 1 })
            : new GaussianPrior(new GaussianOptions());
        _prior.Initialize(new PriorSetup(_parameters, network.SparseLayers, TrainingSize, 1000));
        _prior.Constrain();
        _sampler.Initialize(_parameters);
        _x = randn(new long[] { Batch, 1, 50, 50 }, generator: _generator);
        _y = randn(new long[] { Batch, Outputs }, generator: _generator);
    }

    /// <summary>One step in the ChainRunner's order.</summary>
    public void Step(int k, bool record)
    {
        using var scope = NewDisposeScope();
        double scale = (double)TrainingSize / Batch;
        var t0 = Stopwatch.GetTimestamp();
        foreach (var p in _parameters) p.Parameter.grad = null;
        var prediction = _module.forward(_x);
        double noise = _prior.NoiseVariance ?? 1.0;
        var loss = prediction.sub(_y).Squared().sum().DividedBy(2 * noise).Times(scale);
        loss.backward();
        _lastLoss = loss.ReadDouble();
        if (k == 1) _firstLoss = _lastLoss;
        var t1 = Stopwatch.GetTimestamp();
        _sampler.ObserveLikelihoodGradient(new SamplerStep(k, _generator));
        _prior.AddGradient();
        var t2 = Stopwatch.GetTimestamp();
        _sampler.Step(new SamplerStep(k, _generator));
        var t3 = Stopwatch.GetTimestamp();
        double sse;
        using (no_grad()) sse = prediction.detach().sub(_y).Squared().sum().ReadDouble() * scale;
        _prior.Update(new PriorUpdate(k, sse, Outputs));
        _prior.Constrain();
        var t4 = Stopwatch.GetTimestamp();
        if (!record) return;
        _total.Add(Stopwatch.GetElapsedTime(t0, t4).TotalMilliseconds);
        _phases[0] += Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
        _phases[1] += Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
        _phases[2] += Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds;
        _phases[3] += Stopwatch.GetElapsedTime(t3, t4).TotalMilliseconds;
    }

    public double Quantile(double q)
    {
        var sorted = _total.Order().ToList();
        return sorted[(int)Math.Round(q * (sorted.Count - 1))];
    }

    /// <summary>A markdown row; phases are means per step.</summary>
    public string Row(double sgdMedian, string? cpu = null, string? rss = null)
    {
        int n = _total.Count;
        var label = _prior.Metrics.TryGetValue("sparsity", out var sparsity) ? $"{_name} (sparsity {sparsity:F2})" : _name;
        var ratio = double.IsNaN(sgdMedian) ? "" : $" {Quantile(0.5) / sgdMedian:F2} |";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {Quantile(0.5):F1} | {Quantile(0.1):F0}..{Quantile(0.9):F0} |{ratio}{cpu} {_phases[0] / n:F1} | {_phases[1] / n:F1} | {_phases[2] / n:F1} | {_phases[3] / n:F1} |{rss}");
    }

    public string Summary() =>
        $"{_name}: {_parameters.Sum(p => p.Parameter.numel()):N0} parameters, loss {_firstLoss:G4} -> {_lastLoss:G4}";
}
