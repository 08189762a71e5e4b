using Microsoft.Extensions.Logging.Abstractions;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Host;

/// <summary>
/// The squared error a noise-adapting prior reads comes from the problem's likelihood
/// (<see cref="IProblem.ResidualSumOfSquares"/>), not from a Gaussian assumption in the host.
/// </summary>
public sealed class ResidualStatisticTests
{
    /// <remarks>8 examples in batches of 4: two steps, each scaled by N/n = 2.</remarks>
    [Fact]
    public void The_prior_receives_the_problems_statistic_scaled_to_the_data_set()
    {
        var updates = RunOneEpoch(new Problem(statistic: 7));

        Assert.Equal([14.0, 14.0], updates);
    }

    /// <remarks>With zero weights and bias the prediction is 0, so the two batches' sums add up to sum y^2, times 2.</remarks>
    [Fact]
    public void The_default_statistic_is_the_sum_of_squared_residuals()
    {
        var problem = new Problem(statistic: null);
        double sumY2 = problem.Train.Targets.Squared().sum().ReadDouble();

        var updates = RunOneEpoch(problem);

        Assert.Equal(2, updates.Count);
        Assert.Equal(2 * sumY2, updates.Sum(), 1e-9 * sumY2);
    }

    [Fact]
    public void The_host_calls_the_samplers_step_under_no_grad()
    {
        var sampler = new FrozenSampler();
        RunOneEpoch(new Problem(statistic: 1), sampler);

        Assert.Equal([false, false], sampler.GradEnabledInStep);
    }

    /// <remarks>
    /// The prior adds 100 to each of the 4 parameters' gradients (3 weights, 1 bias), so grad U sums to the likelihood's
    /// sum + 400: the sampler must have seen the likelihood's gradient alone, before that, and then grad U.
    /// </remarks>
    [Fact]
    public void The_sampler_observes_the_likelihood_gradient_before_the_prior_adds_its_own()
    {
        var sampler = new FrozenSampler();
        RunOneEpoch(new Problem(statistic: 1), sampler);

        Assert.Equal(2, sampler.ObservedSums.Count);
        Assert.Equal(2, sampler.StepSums.Count);
        for (int k = 0; k < 2; k++) Assert.Equal(sampler.ObservedSums[k] + 400, sampler.StepSums[k], 1e-9);
        Assert.NotEqual(0, sampler.ObservedSums[0]);
    }

    private static List<double> RunOneEpoch(Problem problem, FrozenSampler? sampler = null)
    {
        using var _ = problem;
        var linear = nn.Linear(3, 1, dtype: ScalarType.Float64);
        using (no_grad())
        {
            foreach (var p in linear.parameters()) p.zero_();
        }
        var prior = new RecordingPrior();
        var plugins = new ChainPlugins(problem, new Network(linear, []), prior, sampler ?? new FrozenSampler());
        var training = new TrainingOptions { Epochs = 1, BurnIn = 0, BatchSize = 4, SaveModel = false, KeepSamples = 0 };
        ChainRunner.Initialize(plugins, training);
        using var state = new ChainState(0, 1, 0, keepSamples: false);
        var job = new ChainJob("residuals", training, (_, _) => { }, null, CancellationToken.None);
        new ChainRunner(NullLogger.Instance).Run(plugins, state, job);
        return prior.Updates;
    }

    private sealed class Problem(double? statistic) : IProblem
    {
        public ProblemShape Shape { get; } = new([3], 1, ScalarType.Float64);
        public TensorDataset Train { get; } = new(ones(8, 3, dtype: ScalarType.Float64), tensor(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }).reshape(8, 1));
        public TensorDataset Test { get; } = new(ones(2, 3, dtype: ScalarType.Float64), zeros(2, 1, dtype: ScalarType.Float64));
        public double NoiseVariance => 1;

        public Tensor NegativeLogLikelihood(Tensor prediction, Tensor target, double noiseVariance) =>
            prediction.sub(target).Squared().sum();

        public double ResidualSumOfSquares(Tensor prediction, Tensor target) =>
            statistic ?? ((IProblem)new DefaultStatistic()).ResidualSumOfSquares(prediction, target);

        public IReadOnlyDictionary<string, double> Evaluate(Tensor prediction, Tensor target) => new Dictionary<string, double>();
        public ProblemReport Report(RunResult result) => ProblemReport.Empty;

        public void Dispose()
        {
            foreach (var t in new[] { Train.Inputs, Train.Targets, Test.Inputs, Test.Targets }) t.Dispose();
        }
    }

    /// <summary>Borrows the interface's default implementation.</summary>
    private sealed class DefaultStatistic : IProblem
    {
        public ProblemShape Shape => throw new NotSupportedException();
        public TensorDataset Train => throw new NotSupportedException();
        public TensorDataset Test => throw new NotSupportedException();
        public double NoiseVariance => 1;
        public Tensor NegativeLogLikelihood(Tensor prediction, Tensor target, double noiseVariance) => throw new NotSupportedException();
        public IReadOnlyDictionary<string, double> Evaluate(Tensor prediction, Tensor target) => throw new NotSupportedException();
        public ProblemReport Report(RunResult result) => ProblemReport.Empty;
        public void Dispose() { }
    }

    private sealed class RecordingPrior : IPrior
    {
        public List<double> Updates { get; } = [];
        public double? NoiseVariance => null;
        public IReadOnlyDictionary<string, double> Metrics { get; } = new Dictionary<string, double>();
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> WeightStatistics { get; } =
            new Dictionary<string, IReadOnlyDictionary<string, Tensor>>();
        private IReadOnlyList<NamedParameter> _parameters = [];
        public void Initialize(PriorSetup setup) => _parameters = setup.Parameters;

        public void AddGradient()
        {
            using var _ = no_grad();
            foreach (var p in _parameters) p.Parameter.grad!.AddInPlace(100.0);
        }

        public void Update(PriorUpdate update) => Updates.Add(update.ScaledSquaredError);
        public void Constrain() { }
        public void SaveState(IDictionary<string, Tensor> state) { }
        public void LoadState(IReadOnlyDictionary<string, Tensor> state) { }
    }

    private sealed class FrozenSampler : ISampler
    {
        public bool IsStochastic => false;
        public IReadOnlyDictionary<string, double> Diagnostics { get; } = new Dictionary<string, double>();
        private IReadOnlyList<NamedParameter> _parameters = [];
        public void Initialize(IReadOnlyList<NamedParameter> parameters) => _parameters = parameters;
        public List<bool> GradEnabledInStep { get; } = [];
        public List<double> ObservedSums { get; } = [];
        public List<double> StepSums { get; } = [];
        public void ObserveLikelihoodGradient(SamplerStep step) => ObservedSums.Add(GradientSum());

        public void Step(SamplerStep step)
        {
            GradEnabledInStep.Add(is_grad_enabled());
            StepSums.Add(GradientSum());
        }

        private double GradientSum() => _parameters.Sum(p => p.Parameter.grad!.sum().ReadDouble());
        public void SaveState(IDictionary<string, Tensor> state) { }
        public void LoadState(IReadOnlyDictionary<string, Tensor> state) { }
    }
}
