using SparsePlugins.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// Running (Welford) mean and variance of every parameter and of prior per-weight statistics, a running Bayesian
/// model average of test predictions, and, for small models, the samples themselves. Kept in float64 so that long
/// chains do not lose precision; owns its tensors. Samples may carry weights (Training:AverageWeights): the moments,
/// statistics and predictions are then weighted (West 1979's update; Chan, Golub and LeVeque's merge with weight sums
/// in place of counts). With unit weights every operation is the unweighted one, so equal weights give the same bits.
/// The kept samples themselves (samples.csv, their quantiles) stay unweighted.
/// </summary>
public sealed class PosteriorAccumulator : IDisposable
{
    private readonly Dictionary<string, Tensor> _mean = new();
    private readonly Dictionary<string, Tensor> _m2 = new();
    private readonly Dictionary<string, Dictionary<string, Tensor>> _statistics = new();
    private readonly Dictionary<string, List<double[]>>? _samples;
    private readonly List<int> _sampleChains = [];
    private Tensor? _prediction;
    private Tensor? _validationPrediction;

    public PosteriorAccumulator(bool keepSamples)
    {
        _samples = keepSamples ? new Dictionary<string, List<double[]>>() : null;
    }

    public int Count { get; private set; }

    /// <summary>Sum of the samples' weights (= <see cref="Count"/> with equal weights).</summary>
    public double Weight { get; private set; }

    /// <summary>True when every sample is kept (small models), not only the running moments.</summary>
    public bool KeepsSamples => _samples is not null;

    /// <summary>Chain index of each kept sample, in order.</summary>
    public IReadOnlyList<int> SampleChains => _sampleChains;

    /// <param name="weight">The sample's weight in the model average (1: equal weights).</param>
    public void Add(int chain, IReadOnlyList<NamedParameter> parameters,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> statistics, Tensor? testPrediction,
        Tensor? validationPrediction = null, double weight = 1)
    {
        if (!(weight > 0) || !double.IsFinite(weight)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "A sample's weight must be positive and finite.");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Count++;
        Weight += weight;
        foreach (var (name, parameter) in parameters)
        {
            var x = parameter.detach().to(ScalarType.Float64, copy: true).cpu();
            Welford(name, x, weight);
            if (_samples is not null)
            {
                if (!_samples.TryGetValue(name, out var list)) _samples[name] = list = [];
                list.Add(x.data<double>().ToArray());
            }
        }
        if (_samples is not null) _sampleChains.Add(chain);
        foreach (var (statistic, perParameter) in statistics)
        {
            if (!_statistics.TryGetValue(statistic, out var sums)) _statistics[statistic] = sums = new();
            foreach (var (name, value) in perParameter)
            {
                var v = Weighted(value.detach().to(ScalarType.Float64).cpu(), weight);
                if (sums.TryGetValue(name, out var sum)) sum.AddInPlace(v);
                else sums[name] = v.clone().DetachFromDisposeScope();
            }
        }
        if (testPrediction is not null) RunningMean(ref _prediction, testPrediction, weight);
        if (validationPrediction is not null) RunningMean(ref _validationPrediction, validationPrediction, weight);
    }

    /// <summary>w x, or x itself for w = 1 (so that equal weights run the unweighted arithmetic).</summary>
    private static Tensor Weighted(Tensor x, double weight)
    {
        if (weight == 1) return x;
        using var w = weight.ToScalar();
        return x.mul(w);
    }

    /// <summary>average += w (x - average) / Weight, starting from x.</summary>
    private void RunningMean(ref Tensor? average, Tensor x, double weight)
    {
        var p = x.detach().to(ScalarType.Float64).cpu();
        if (average is null)
        {
            average = p.clone().DetachFromDisposeScope();
            return;
        }
        using var total = Weight.ToScalar();
        average.AddInPlace(Weighted(p.sub(average), weight).div_(total));
    }

    private void Welford(string name, Tensor x, double weight)
    {
        if (!_mean.TryGetValue(name, out var mean))
        {
            _mean[name] = x.clone().DetachFromDisposeScope();
            _m2[name] = zeros_like(x).DetachFromDisposeScope();
            return;
        }
        var delta = x - mean;
        using var total = Weight.ToScalar();
        mean.AddInPlace(Weighted(delta, weight) / total);
        _m2[name].AddInPlace(Weighted(delta.mul_(x - mean), weight));
    }

    public IReadOnlyDictionary<string, Tensor> Mean => _mean;

    /// <summary>
    /// m2 / (W (n - 1) / n): the unbiased sample variance for equal weights (W = n), and for unequal ones the weighted
    /// variance with the same n / (n - 1) correction.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Variance()
    {
        using var denominator = (Count > 1 ? Weight * (Count - 1) / Count : 1.0).ToScalar();
        return _m2.ToDictionary(kv => kv.Key, kv => Count > 1 ? kv.Value / denominator : zeros_like(kv.Value));
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> StatisticMeans()
    {
        using var total = (Count > 0 ? Weight : 1.0).ToScalar();
        return _statistics.ToDictionary(kv => kv.Key,
            kv => (IReadOnlyDictionary<string, Tensor>)kv.Value.ToDictionary(s => s.Key, s => s.Value / total));
    }

    public Tensor? AveragePrediction => _prediction;

    /// <summary>Bayesian model average of the validation predictions (null without a validation split).</summary>
    public Tensor? AverageValidationPrediction => _validationPrediction;

    /// <summary>
    /// One accumulator holding the samples of all <paramref name="parts"/>, as if they had been added to it: means and
    /// squared deviations combine by the pairwise rule of Chan, Golub and LeVeque, statistics add, predictions average
    /// weighted by the parts' weight sums (sample counts with equal weights). The parts are left as they are.
    /// </summary>
    public static PosteriorAccumulator Merge(IEnumerable<PosteriorAccumulator> parts, bool keepSamples)
    {
        var merged = new PosteriorAccumulator(keepSamples);
        foreach (var part in parts) merged.Absorb(part);
        return merged;
    }

    private void Absorb(PosteriorAccumulator other)
    {
        if (other.Count == 0) return;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        double total = Weight + other.Weight;
        foreach (var (name, otherMean) in other._mean)
        {
            if (!_mean.TryGetValue(name, out var mean))
            {
                _mean[name] = otherMean.clone().DetachFromDisposeScope();
                _m2[name] = other._m2[name].clone().DetachFromDisposeScope();
                continue;
            }
            var delta = otherMean.sub(mean);
            mean.AddInPlace(delta, other.Weight / total);
            _m2[name].AddInPlace(other._m2[name]).AddInPlace(delta.mul(delta), Weight * other.Weight / total);
        }
        foreach (var (statistic, perParameter) in other._statistics)
        {
            if (!_statistics.TryGetValue(statistic, out var sums)) _statistics[statistic] = sums = new();
            foreach (var (name, value) in perParameter)
            {
                if (sums.TryGetValue(name, out var sum)) sum.AddInPlace(value);
                else sums[name] = value.clone().DetachFromDisposeScope();
            }
        }
        WeightedMean(ref _prediction, other._prediction, Weight / total);
        WeightedMean(ref _validationPrediction, other._validationPrediction, Weight / total);
        if (_samples is not null && other._samples is not null)
        {
            foreach (var (name, list) in other._samples)
            {
                if (!_samples.TryGetValue(name, out var mine)) _samples[name] = mine = [];
                mine.AddRange(list);
            }
            _sampleChains.AddRange(other._sampleChains);
        }
        Count += other.Count;
        Weight += other.Weight;
    }

    /// <summary>mine = keep mine + (1 - keep) theirs; theirs alone when mine is empty.</summary>
    private static void WeightedMean(ref Tensor? mine, Tensor? theirs, double keep)
    {
        if (theirs is null) return;
        if (mine is null)
        {
            mine = theirs.clone().DetachFromDisposeScope();
            return;
        }
        using var weight = keep.ToScalar();
        mine.mul_(weight).AddInPlace(theirs, 1 - keep);
    }

    /// <summary>Kept samples per parameter, stacked [samples, ...shape]; null when samples are not kept.</summary>
    public IReadOnlyDictionary<string, Tensor>? Samples()
    {
        if (_samples is null || Count == 0) return null;
        return _samples.ToDictionary(kv => kv.Key, kv =>
        {
            var shape = new[] { (long)kv.Value.Count }.Concat(_mean[kv.Key].shape).ToArray();
            return tensor(kv.Value.SelectMany(v => v).ToArray()).reshape(shape);
        });
    }

    /// <summary>Flat sample matrix [sample][weight] with column names, for diagnostics and samples.csv.</summary>
    public (string[] Columns, double[][] Rows)? FlatSamples()
    {
        if (_samples is null || Count == 0) return null;
        var names = _samples.Keys.ToList();
        var columns = names.SelectMany(n => Enumerable.Range(0, _samples[n][0].Length).Select(i => $"{n}[{i}]")).ToArray();
        var rows = Enumerable.Range(0, _samples[names[0]].Count)
            .Select(s => names.SelectMany(n => _samples[n][s]).ToArray()).ToArray();
        return (columns, rows);
    }

    /// <summary>Adds copies of the whole state under <paramref name="prefix"/>; returns what is not a tensor.</summary>
    public AccumulatorCounts Save(IDictionary<string, Tensor> state, string prefix)
    {
        using var _ = no_grad();
        foreach (var (name, mean) in _mean)
        {
            state[$"{prefix}mean/{name}"] = mean.clone();
            state[$"{prefix}m2/{name}"] = _m2[name].clone();
        }
        foreach (var (statistic, sums) in _statistics)
        {
            foreach (var (name, sum) in sums) state[$"{prefix}statistic/{statistic}/{name}"] = sum.clone();
        }
        if (_prediction is not null) state[$"{prefix}prediction"] = _prediction.clone();
        if (_validationPrediction is not null) state[$"{prefix}validation-prediction"] = _validationPrediction.clone();
        foreach (var (name, rows) in _samples ?? [])
        {
            state[$"{prefix}samples/{name}"] = tensor(rows.SelectMany(r => r).ToArray(), [rows.Count, rows[0].Length]);
        }
        return new AccumulatorCounts(Count, _sampleChains.ToArray()) { Weight = Weight };
    }

    /// <summary>Replaces the state with what <see cref="Save"/> wrote (the tensors are copied).</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state, string prefix, AccumulatorCounts counts)
    {
        Clear();
        foreach (var (key, value) in state.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var path = key[prefix.Length..].Split('/', 3);
            var copy = value.clone().DetachFromDisposeScope();
            switch (path[0])
            {
                case "mean": _mean[path[1]] = copy; break;
                case "m2": _m2[path[1]] = copy; break;
                case "statistic":
                    if (!_statistics.TryGetValue(path[1], out var sums)) _statistics[path[1]] = sums = new();
                    sums[path[2]] = copy;
                    break;
                case "prediction": _prediction = copy; break;
                case "validation-prediction": _validationPrediction = copy; break;
                case "samples" when _samples is not null:
                    _samples[path[1]] = copy.data<double>().ToArray().Chunk((int)copy.shape[1]).ToList();
                    copy.Dispose();
                    break;
                default: copy.Dispose(); break;
            }
        }
        Count = counts.Count;
        Weight = counts.Weight ?? counts.Count;
        _sampleChains.AddRange(counts.SampleChains);
    }

    private void Clear()
    {
        Dispose();
        _mean.Clear();
        _m2.Clear();
        _statistics.Clear();
        _samples?.Clear();
        _sampleChains.Clear();
        _prediction = _validationPrediction = null;
        Count = 0;
        Weight = 0;
    }

    public void Dispose()
    {
        foreach (var t in _mean.Values.Concat(_m2.Values)) t.Dispose();
        foreach (var t in _statistics.Values.SelectMany(s => s.Values)) t.Dispose();
        _prediction?.Dispose();
        _validationPrediction?.Dispose();
    }
}

/// <summary>The part of an accumulator's state that is not a tensor.</summary>
public sealed record AccumulatorCounts(int Count, int[] SampleChains)
{
    /// <summary>Sum of the sample weights; null in checkpoints written before weights existed (then = Count).</summary>
    public double? Weight { get; init; }
}
