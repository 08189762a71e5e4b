using SparsePlugins.Abstractions;
using SparsePlugins.Priors;
using SparsePlugins.Samplers;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Priors;

/// <summary>The spike-and-slab Gaussian-Laplace prior: latent updates, gradient, adaptation and pruning.</summary>
public sealed class SsglPriorTests(ITestOutputHelper output)
{
    private static TorchSharp.Modules.Parameter Param(params double[] values) => new(tensor(values));

    private static SsglPrior Bind(SsglOptions options, long trainingSize, params NamedParameter[] parameters)
    {
        var prior = new SsglPrior(options);
        prior.Initialize(new PriorSetup(parameters, ["w*"], trainingSize, 1000));
        return prior;
    }

    private static double NormalDensity(double b, double variance) => Math.Exp(-b * b / (2 * variance)) / Math.Sqrt(2 * Math.PI * variance);

    private static double LaplaceDensity(double b, double scale) => Math.Exp(-Math.Abs(b) / scale) / (2 * scale);

    [Fact]
    public void One_update_matches_algorithm_1_computed_by_hand()
    {
        double[] b = [0.0, 0.05, -0.5, 3.0];
        var w = Param(b);
        var options = new SsglOptions { InitialSigma = 1.2 };
        var prior = Bind(options, 20, new NamedParameter("w", w));
        const double sse = 10, v0 = 0.1, v1 = 10, sigma = 1.2, delta = 0.5;
        double omega = Math.Min(0.1, 100 * Math.Pow(1 + 100, -0.7));

        prior.Update(new PriorUpdate(1, sse, 1));

        var layer = prior.SparseLayers.Single();
        double sumRho = 0, l1 = 0, l2 = 0;
        for (int j = 0; j < b.Length; j++)
        {
            // Algorithm 1 steps 3-6 with ERRATA 6, directly in densities (they do not underflow at these sizes).
            double a = NormalDensity(b[j], sigma * sigma * v1) * delta;
            double c = LaplaceDensity(b[j], sigma * v0) * (1 - delta);
            double rho = (1 - omega) * delta + omega * a / (a + c);
            double kappa0 = (1 - omega) * (1 - delta) / v0 + omega * (1 - rho) / v0;
            double kappa1 = (1 - omega) * delta / v1 + omega * rho / v1;
            Assert.Equal(rho, layer.Rho.data<double>()[j], 12);
            Assert.Equal(kappa0, layer.Kappa0.data<double>()[j], 12);
            Assert.Equal(kappa1, layer.Kappa1.data<double>()[j], 12);
            sumRho += rho;
            l1 += (1 - delta) / v0 * Math.Abs(b[j]);
            l2 += delta / v1 * b[j] * b[j];
        }
        // ERRATA 5: R = (B + sqrt(B^2 + 4 A C)) / (2 A), A = N + p + nu, B = sum kappa0 |b|, C = SSE + sum kappa1 b^2 + nu lambda.
        double A = 20 + 4 + 1, C = sse + l2 + 1;
        double root = (l1 + Math.Sqrt(l1 * l1 + 4 * A * C)) / (2 * A);
        Assert.Equal((1 - omega) * sigma + omega * root, prior.Sigma, 12);
        Assert.Equal(prior.Sigma * prior.Sigma, prior.NoiseVariance!.Value, 12);
        // delta = (1 - w) delta + w (sum rho + a - 1) / (a + b + p - 2) with a = 1, b = p = 4.
        Assert.Equal((1 - omega) * delta + omega * sumRho / (1 + 4 + 4 - 2), layer.Delta, 12);
    }

    /// <summary>
    /// MarginalLatents: rho is P(gamma = 1 | b) at the current weights after every update, and the gradient the prior
    /// adds is then exactly that of -log of the marginal spike-and-slab density (central differences of LogDensity,
    /// step 1e-6: error O(h^2) times the third derivative, far below 1e-6 here; the Laplace kink at 0 is avoided).
    /// </summary>
    [Fact]
    public void Marginal_latents_give_the_exact_gradient_of_the_marginal_density()
    {
        double[] b = [0.02, -0.07, 0.3, -1.5, 4.0];
        var w = Param(b);
        var options = new SsglOptions { InitialSigma = 1.3, MarginalLatents = true, AdaptDelta = false, AdaptSigma = false };
        var prior = Bind(options, 20, new NamedParameter("w", w));
        prior.Update(new PriorUpdate(1, 10, 1));
        var layer = prior.SparseLayers.Single();
        for (int j = 0; j < b.Length; j++)
        {
            double a = NormalDensity(b[j], 1.3 * 1.3 * 10) * 0.5, c = LaplaceDensity(b[j], 1.3 * 0.1) * 0.5;
            Assert.Equal(a / (a + c), layer.Rho.data<double>()[j], 12);
        }

        w.grad = zeros_like(w);
        prior.AddGradient();
        var gradient = w.grad.data<double>().ToArray();
        for (int j = 0; j < b.Length; j++)
        {
            const double h = 1e-6;
            double Shifted(double by)
            {
                using (no_grad()) w[j] = tensor(b[j] + by);
                double value = prior.LogDensity()!.Value;
                using (no_grad()) w[j] = tensor(b[j]);
                return value;
            }
            double numeric = -(Shifted(h) - Shifted(-h)) / (2 * h);
            Assert.True(Math.Abs(gradient[j] - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)),
                $"b = {b[j]}: prior gradient {gradient[j]:R}, -d/db log marginal {numeric:R}");
        }
    }

    /// <summary>Refresh (a replica-exchange swap): rho, kappa0, kappa1 restart at the new weights; delta and sigma stay.</summary>
    [Fact]
    public void Refresh_restarts_the_per_weight_latents_at_the_new_weights_and_keeps_delta_and_sigma()
    {
        var w = Param(0.0, 0.0, 0.0);
        var prior = Bind(new SsglOptions { InitialSigma = 1.1 }, 20, new NamedParameter("w", w));
        for (int k = 1; k <= 5; k++) prior.Update(new PriorUpdate(k, 30, 1));
        var layer = prior.SparseLayers.Single();
        double delta = layer.Delta, sigma = prior.Sigma;
        using (no_grad()) w.copy_(tensor(new[] { 0.01, 2.0, -3.0 }));

        prior.Refresh();

        Assert.Equal(delta, layer.Delta);
        Assert.Equal(sigma, prior.Sigma);
        double[] b = [0.01, 2.0, -3.0];
        for (int j = 0; j < b.Length; j++)
        {
            double a = NormalDensity(b[j], sigma * sigma * 10) * delta, c = LaplaceDensity(b[j], sigma * 0.1) * (1 - delta);
            double rho = a / (a + c);
            Assert.Equal(rho, layer.Rho.data<double>()[j], 12);
            Assert.Equal((1 - rho) / 0.1, layer.Kappa0.data<double>()[j], 10);
            Assert.Equal(rho / 10, layer.Kappa1.data<double>()[j], 12);
        }

        var pruning = Bind(new SsglOptions { TargetSparsity = 0.5 }, 20, new NamedParameter("w", Param(1, 2, 3, 4)));
        var error = Assert.Throws<InvalidInputException>(pruning.Refresh);
        Assert.Contains("TargetSparsity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Independent_prior_ignores_sigma_in_spike_and_slab_and_estimates_it_from_the_residuals_alone()
    {
        double[] b = [0.0, 0.05, -0.5, 3.0];
        var w = Param(b);
        w.grad = zeros(4, ScalarType.Float64);
        var prior = Bind(new SsglOptions { InitialSigma = 1.2, SigmaScalesPrior = false }, 20, new NamedParameter("w", w));
        const double sse = 10, v0 = 0.1, v1 = 10, sigma = 1.2, delta = 0.5;
        double omega = Math.Min(0.1, 100 * Math.Pow(1 + 100, -0.7));

        // At the start kappa0 = (1 - delta) / v0 = 5, kappa1 = delta / v1 = 0.05, with no sigma in the gradient.
        prior.AddGradient();
        Assert.Equal(b.Select(x => 0.05 * x + 5 * Math.Sign(x)), w.grad!.data<double>().ToArray(), (x, y) => Math.Abs(x - y) < 1e-12);

        prior.Update(new PriorUpdate(1, sse, 1));

        var layer = prior.SparseLayers.Single();
        for (int j = 0; j < b.Length; j++)
        {
            double a = NormalDensity(b[j], v1) * delta;
            double c = LaplaceDensity(b[j], v0) * (1 - delta);
            Assert.Equal((1 - omega) * delta + omega * a / (a + c), layer.Rho.data<double>()[j], 12);
        }
        // sigma^2 update without the prior's terms: R^2 = (SSE + nu lambda) / (N + nu).
        Assert.Equal((1 - omega) * sigma + omega * Math.Sqrt((sse + 1) / (20 + 1)), prior.Sigma, 12);
    }

    [Fact]
    public void Sigma_stays_at_its_initial_value_until_SigmaAdaptStart()
    {
        var w = Param(0.0, 2.0);
        var prior = Bind(new SsglOptions { InitialSigma = 2, SigmaScalesPrior = false, SigmaAdaptStart = 3 }, 10, new NamedParameter("w", w));

        // The cold-start residual (y itself) would pull sigma towards sqrt(var(y)); here SSE = 1000 for 10 rows.
        prior.Update(new PriorUpdate(1, 1000, 1));
        prior.Update(new PriorUpdate(2, 1000, 1));
        Assert.Equal(2.0, prior.Sigma);
        Assert.True(prior.SparseLayers.Single().Delta < 0.5, "the other latents adapt from the first iteration");

        prior.Update(new PriorUpdate(3, 10, 1));
        double omega = Math.Min(0.1, 100 * Math.Pow(3 + 100, -0.7));
        Assert.Equal((1 - omega) * 2 + omega * Math.Sqrt((10 + 1) / (10 + 1.0)), prior.Sigma, 12);
    }

    [Fact]
    public void Gradient_is_the_slab_and_spike_terms_on_sparse_layers_and_gaussian_elsewhere()
    {
        var w = Param(0.5, -2.0, 0.0);
        var bias = Param(3.0);
        w.grad = tensor(new[] { 1.0, 1.0, 1.0 });
        bias.grad = tensor(new[] { 0.0 });
        var prior = Bind(new SsglOptions { InitialSigma = 2, DenseSigma = 0.5 }, 10, new("w", w), new("bias", bias));

        prior.AddGradient();

        // kappa1 = delta / v1 = 0.05, kappa0 = (1 - delta) / v0 = 5 at the start; sigma = 2.
        double[] expected = [1 + 0.05 * 0.5 / 4 + 5 * 1 / 2.0, 1 + 0.05 * -2 / 4 + 5 * -1 / 2.0, 1 + 0];
        Assert.Equal(expected, w.grad!.data<double>().ToArray(), (x, y) => Math.Abs(x - y) < 1e-12);
        Assert.Equal(3.0 / 0.25, bias.grad!.data<double>()[0], 12);
    }

    [Fact]
    public void Log_density_is_the_marginal_spike_and_slab_plus_the_dense_gaussian_and_the_hyperpriors()
    {
        double[] b = [0.0, 0.05, -0.5, 3.0, 40.0];
        var w = Param(b);
        var bias = Param(3.0);
        var options = new SsglOptions { InitialSigma = 1.2, DenseSigma = 0.5, BetaA = 2, BetaB = 7, Nu = 1, Lambda = 1 };
        var prior = Bind(options, 20, new("w", w), new("bias", bias));
        const double v0 = 0.1, v1 = 10, sigma = 1.2, delta = 0.5;

        double expected = 0;
        foreach (var x in b)
        {
            // log-sum-exp by hand: the slab term at b = 40 underflows as a plain density ratio only in the spike.
            double spike = Math.Log(1 - delta) + Math.Log(LaplaceDensity(x, sigma * v0));
            double slab = Math.Log(delta) + Math.Log(NormalDensity(x, sigma * sigma * v1));
            double top = Math.Max(spike, slab);
            expected += top + Math.Log(Math.Exp(spike - top) + Math.Exp(slab - top));
        }
        expected += (2 - 1) * Math.Log(delta) + (7 - 1) * Math.Log(1 - delta);
        expected -= 3.0 * 3.0 / (2 * 0.25);
        expected += -(0.5 + 1) * Math.Log(sigma * sigma) - 1.0 / (2 * sigma * sigma);

        Assert.Equal(expected, prior.LogDensity()!.Value, 9);
        Assert.True(double.IsFinite(prior.LogDensity()!.Value));
    }

    [Fact]
    public void Gaussian_prior_log_density_is_minus_half_the_squared_norm_over_the_variance()
    {
        var w = Param(1.0, -2.0);
        var prior = new GaussianPrior(new GaussianOptions { Sigma = 2 });
        prior.Initialize(new PriorSetup([new NamedParameter("w", w)], [], 10, 100));
        Assert.Equal(-(1 + 4) / 8.0, prior.LogDensity()!.Value, 12);
    }

    [Fact]
    public void Inclusion_is_finite_for_huge_weights_and_separates_large_from_tiny_ones()
    {
        // At |b| = 1e3 both densities underflow (exp(-5e4), exp(-1e4)): a / (a + c) in densities is 0 / 0.
        Assert.True(double.IsNaN(NormalDensity(1e3, 10) * 0.5 / (NormalDensity(1e3, 10) * 0.5 + LaplaceDensity(1e3, 0.1) * 0.5)));
        double[] b = [1e3, -1e3, 2.0, -5.0, 10.0, 1e-4, 0.0, -1e-3];
        foreach (var dtype in new[] { float64, float32 })
        {
            var w = new TorchSharp.Modules.Parameter(tensor(b).to(dtype));
            // omega = 1: rho jumps straight to a / (a + c).
            var prior = Bind(new SsglOptions { OmegaCap = 1, OmegaScale = 1e6, AdaptSigma = false, AdaptDelta = false }, 10, new NamedParameter("w", w));
            prior.Update(new PriorUpdate(1, 0, 1));
            var rho = prior.SparseLayers[0].Rho.to(float64).data<double>().ToArray();
            output.WriteLine($"{dtype}: rho = {string.Join(", ", rho.Select(r => r.ToString("G4")))}");

            Assert.All(rho, r => Assert.True(double.IsFinite(r) && r is >= 0 and <= 1));
            // Laplace tails are heavier than the slab's Gaussian ones: beyond |b| = 2 sigma v1 / v0 = 200 the spike
            // wins again, so the 1e3 weights have rho ~ 0, correctly.
            Assert.All(rho[..2], r => Assert.True(r < 1e-6));
            Assert.All(rho[2..5], r => Assert.True(r > 0.999, $"rho {r} for a large weight"));
            Assert.All(rho[5..], r => Assert.True(r < 0.05, $"rho {r} for a tiny weight"));
        }
    }

    [Fact]
    public void Delta_and_sigma_converge_to_the_inclusion_fraction_and_the_noise_level()
    {
        // 1000 weights, 200 of them large (|b| in [1, 5]) and 800 tiny (|b| < 1e-3); data with N = 10^6 residuals of
        // sd 0.5 (SSE = 2.5e5). With a uniform Beta(1, 1) on delta the SA fixed point is delta = mean rho, which is the
        // inclusion fraction 0.2 up to the tiny weights' rho ~ 0.007 (+0.006) and the large ones' 1 - rho ~ 0; and
        // sigma solves A s^2 - B s - C = 0, which the prior's terms move by less than 0.1% when N >> p.
        using var scope = NewDisposeScope();
        using var g = new Generator(4);
        var large = rand(new long[] { 200 }, float64, generator: g).Times(4).Plus(1).mul(randint(0, 2, new long[] { 200 }, generator: g).Times(2).Minus(1));
        var tiny = rand(new long[] { 800 }, float64, generator: g).Minus(0.5).Times(2e-3);
        var w = new TorchSharp.Modules.Parameter(cat([large, tiny]));
        var prior = Bind(new SsglOptions { BetaB = 1 }, 1_000_000, new NamedParameter("w", w));

        for (long k = 1; k <= 400; k++) prior.Update(new PriorUpdate(k, 1_000_000 * 0.25, 1));

        var delta = prior.SparseLayers[0].Delta;
        output.WriteLine($"delta {delta:F4}, sigma {prior.Sigma:F4}");
        Assert.True(Math.Abs(delta - 0.2) < 0.015, $"delta {delta}");
        Assert.True(Math.Abs(prior.Sigma - 0.5) < 0.005, $"sigma {prior.Sigma}");
        Assert.Equal(prior.Sigma * prior.Sigma, prior.NoiseVariance!.Value, 12);
    }

    [Fact]
    public void Pruning_reaches_the_target_rate_exactly_and_pruned_weights_stay_zero_under_sampling()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(8);
        const int p = 1000;
        var w = new TorchSharp.Modules.Parameter(randn(new long[] { 10, p / 10 }, float64, generator: g));
        var bias = new TorchSharp.Modules.Parameter(randn(new long[] { 10 }, float64, generator: g));
        var parameters = new List<NamedParameter> { new("w", w), new("bias", bias) };
        var options = new SsglOptions { TargetSparsity = 0.9, RampBase = 0.99, RampInterval = 1, AdaptSigma = false };
        var prior = new SsglPrior(options);
        prior.Initialize(new PriorSetup(parameters, ["w"], 100, 1000));
        var sampler = new SgldSampler(new SgldOptions { StepSize = 1e-3 });
        sampler.Initialize(parameters);
        Tensor? firstMask = null;
        long previous = 0;

        for (long k = 1; k <= 800; k++)
        {
            using var step = NewDisposeScope();
            w.grad = ones_like(w);
            bias.grad = ones_like(bias);
            prior.AddGradient();
            sampler.Step(new SamplerStep(k, g));
            prior.Update(new PriorUpdate(k, 1.0, 1));
            prior.Constrain();

            var layer = prior.SparseLayers[0];
            long expected = (long)Math.Floor(0.9 * (1 - Math.Pow(0.99, k)) * p + 0.5);
            Assert.Equal(expected, layer.PrunedCount);
            Assert.True(layer.PrunedCount >= previous);
            previous = layer.PrunedCount;
            using var zeros = w.detach().eq(TensorMath.FullLike(w, 0));
            using var mismatch = zeros.ne(layer.Pruned!).any();
            Assert.False(mismatch.item<bool>(), $"iteration {k}: the zeros are not the pruned set");
            using var prunedRho = layer.Rho.masked_select(layer.Pruned!);
            Assert.True(prunedRho.numel() == 0 || prunedRho.abs().max().item<double>() == 0);
            if (k == 100) firstMask = layer.Pruned!.clone().MoveToOuterDisposeScope();
        }

        // round(0.9 (1 - 0.99^k) 1000) = 900 from k = 748 on: the target rate exactly, kept through the further steps.
        Assert.Equal(900, prior.SparseLayers[0].PrunedCount);
        Assert.Equal(0.9, prior.Metrics["sparsity.w"], 12);
        Assert.Equal(0.9, prior.Metrics["sparsity"], 12);
        // Once pruned, always pruned: the mask only grows.
        using var stillPruned = prior.SparseLayers[0].Pruned!.masked_select(firstMask!);
        Assert.True(stillPruned.all().item<bool>());
        // Dense parameters are never pruned.
        using var biasZeros = bias.detach().eq(TensorMath.FullLike(bias, 0)).sum();
        Assert.Equal(0, biasZeros.item<long>());
    }

    [Fact]
    public void Sparse_layers_come_from_options_patterns_or_the_network_default()
    {
        var fc1 = new NamedParameter("fc1.weight", Param(1, 2));
        var fc1b = new NamedParameter("fc1.bias", Param(1));
        var fc2 = new NamedParameter("fc2.weight", Param(1, 2));
        NamedParameter[] all = [fc1, fc1b, fc2];

        var byDefault = new SsglPrior(new SsglOptions());
        byDefault.Initialize(new PriorSetup(all, ["fc2.weight"], 10, 10));
        Assert.Equal(["fc2.weight"], byDefault.SparseLayers.Select(l => l.Name));

        var byPattern = new SsglPrior(new SsglOptions { SparseLayers = ["fc*.weight"] });
        byPattern.Initialize(new PriorSetup(all, ["fc2.weight"], 10, 10));
        Assert.Equal(["fc1.weight", "fc2.weight"], byPattern.SparseLayers.Select(l => l.Name));
        Assert.Contains("delta.fc1.weight", byPattern.Metrics.Keys);
        Assert.Same(byPattern.SparseLayers[0].Rho, byPattern.WeightStatistics["inclusion"]["fc1.weight"]);

        var none = new SsglPrior(new SsglOptions { SparseLayers = ["conv*"] });
        var error = Assert.Throws<SparsePlugins.Abstractions.InvalidInputException>(() => none.Initialize(new PriorSetup(all, [], 10, 10)));
        Assert.Contains("fc1.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saved_latent_state_restores_into_a_fresh_prior()
    {
        var w = Param(0.3, -1.0, 2.0, 1e-3);
        var options = new SsglOptions { TargetSparsity = 0.5, RampBase = 0 };
        var prior = Bind(options, 10, new NamedParameter("w", w));
        for (long k = 1; k <= 5; k++) prior.Update(new PriorUpdate(k, 3.0, 1));
        var state = new Dictionary<string, Tensor>();
        prior.SaveState(state);

        var restored = Bind(options, 10, new NamedParameter("w", w));
        restored.LoadState(state);

        Assert.Equal(prior.Sigma, restored.Sigma);
        Assert.Equal(prior.SparseLayers[0].Delta, restored.SparseLayers[0].Delta);
        Assert.Equal(prior.SparseLayers[0].Rho.data<double>().ToArray(), restored.SparseLayers[0].Rho.data<double>().ToArray());
        Assert.Equal(2, restored.SparseLayers[0].PrunedCount);
    }
}
