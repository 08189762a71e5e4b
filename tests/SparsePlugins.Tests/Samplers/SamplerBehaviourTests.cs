using SparsePlugins.Abstractions;
using SparsePlugins.Samplers;
using SparsePlugins.Authoring;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Samplers;

/// <summary>Schedules, optimisers, state checkpoints and the paper's method recipes.</summary>
public sealed class SamplerBehaviourTests
{
    [Fact]
    public void Step_size_schedule_matches_the_paper_regression()
    {
        var schedule = StepSizeSchedule.From(new SgldOptions { StepSize = 0.05, StepDecay = 1.0 / 3 });
        Assert.Equal(0.05, schedule.At(1), 12);
        Assert.Equal(0.05 * Math.Pow(1000, -1.0 / 3), schedule.At(1000), 12);
        Assert.Equal(0.05 * Math.Pow(110, -0.5), new StepSizeSchedule(0.05, 10, 0.5).At(100), 12);
    }

    [Fact]
    public void Warm_up_ramps_the_step_linearly_then_leaves_the_schedule_unchanged()
    {
        var plain = StepSizeSchedule.From(new PsgldOptions { StepSize = 0.0316, StepOffset = 1000, StepDecay = 0.5 });
        var warm = StepSizeSchedule.From(new PsgldOptions { StepSize = 0.0316, StepOffset = 1000, StepDecay = 0.5, WarmupSteps = 100 });
        Assert.Equal(plain.At(1) / 100, warm.At(1), 15);
        Assert.Equal(plain.At(50) / 2, warm.At(50), 15);
        Assert.Equal(plain.At(100), warm.At(100), 15);
        Assert.Equal(plain.At(5000), warm.At(5000), 15);
    }

    [Fact]
    public void Decaying_preconditioner_weight_starts_at_0_9_and_rises_to_1()
    {
        var o = new PsgldOptions { AlphaSchedule = AlphaSchedule.Decaying };
        var weight = new PreconditionerWeight(o.AlphaSchedule, o.Alpha, o.AlphaC1, o.AlphaC2, o.AlphaGamma);
        Assert.Equal(0.9, weight.At(1), 12);
        Assert.True(weight.At(100) > 0.99 && weight.At(10000) > 0.999);
        Assert.True(weight.At(50) < weight.At(51));
        Assert.Equal(0.99, new PreconditionerWeight(AlphaSchedule.Constant, 0.99, 0, 0, 0).At(12345));
    }

    [Fact]
    public void A_delayed_decay_keeps_alpha_until_its_start_then_rises_from_there()
    {
        var weight = new PreconditionerWeight(AlphaSchedule.Decaying, 0.99, 0.1, 0, 0.7, DecayStart: 2000);
        Assert.Equal(0.99, weight.At(1));
        Assert.Equal(0.99, weight.At(1999));
        // 1 - 0.1 k'^-0.7 is below 0.99 until k' = 27: the weight never drops below Alpha at the switch.
        Assert.Equal(0.99, weight.At(2000));
        Assert.Equal(0.99, weight.At(2025));
        Assert.Equal(1 - 0.1 * Math.Pow(1001, -0.7), weight.At(3000), 12);
        Assert.True(weight.At(12000) > 0.9998);
    }

    [Fact]
    public void Psgld_options_reject_a_decaying_schedule_that_starts_outside_0_1()
    {
        var bad = new PsgldOptions { AlphaSchedule = AlphaSchedule.Decaying, AlphaC1 = 5, AlphaC2 = 0 };
        var errors = SparsePlugins.Host.Options.OptionsBinder.Validate(bad).ToList();
        Assert.Contains(errors, e => e.Contains("a_1", StringComparison.Ordinal));
        Assert.Empty(SparsePlugins.Host.Options.OptionsBinder.Validate(new PsgldOptions()));
    }

    [Fact]
    public void First_psgld_step_uses_V1_equal_to_g_squared()
    {
        using var scope = NewDisposeScope();
        var p = new TorchSharp.Modules.Parameter(tensor(new[] { 1.0, -2.0 }));
        p.grad = tensor(new[] { 4.0, -0.5 });
        var sampler = new PsgldSampler(new PsgldOptions { StepSize = 0.1, Temperature = 1e12, Eta = 1e-3 });
        sampler.Initialize([new NamedParameter("w", p)]);
        using var g = new Generator(1);
        sampler.Step(new SamplerStep(1, g));
        var state = new Dictionary<string, Tensor>();
        sampler.SaveState(state);

        Assert.Equal([16.0, 0.25], state["w.V"].data<double>().ToArray());
        // beta -= eps g / (eta + |g|) (noise sd sqrt(2 eps / 1e12) G^(1/2) < 1e-6 is below the 1e-5 tolerance).
        Assert.Equal(1.0 - 0.1 * 4 / 4.001, p.data<double>()[0], 1e-5);
        Assert.Equal(-2.0 + 0.1 * 0.5 / 0.501, p.data<double>()[1], 1e-5);
    }

    [Fact]
    public void Likelihood_preconditioning_averages_the_likelihood_gradient_and_steps_on_grad_U()
    {
        using var scope = NewDisposeScope();
        var p = new TorchSharp.Modules.Parameter(tensor(new[] { 1.0, -2.0 }));
        var sampler = new PsgldSampler(new PsgldOptions
        {
            StepSize = 0.1, Temperature = 1e12, Eta = 1e-3, PreconditionOn = PreconditionerSource.Likelihood,
        });
        sampler.Initialize([new NamedParameter("w", p)]);
        using var g = new Generator(1);
        p.grad = tensor(new[] { 4.0, -0.5 });
        sampler.ObserveLikelihoodGradient(new SamplerStep(1, g));
        // The prior adds its gradient after the observation (a spike's pull of 30 on both weights).
        p.grad = tensor(new[] { 34.0, 29.5 });
        sampler.Step(new SamplerStep(1, g));
        var state = new Dictionary<string, Tensor>();
        sampler.SaveState(state);

        Assert.Equal([16.0, 0.25], state["w.V"].data<double>().ToArray());
        Assert.Equal(1.0 - 0.1 * 34 / 4.001, p.data<double>()[0], 1e-5);
        Assert.Equal(-2.0 - 0.1 * 29.5 / 0.501, p.data<double>()[1], 1e-5);

        // Step 2 (a_k = 0.99, constant schedule): V = 0.99 V + 0.01 g_lik^2 again from the observation alone.
        p.grad = tensor(new[] { 2.0, 1.0 });
        sampler.ObserveLikelihoodGradient(new SamplerStep(2, g));
        p.grad = tensor(new[] { 100.0, 100.0 });
        sampler.Step(new SamplerStep(2, g));
        state.Clear();
        sampler.SaveState(state);
        var v = state["w.V"].data<double>().ToArray();
        Assert.Equal(0.99 * 16 + 0.01 * 4, v[0], 12);
        Assert.Equal(0.99 * 0.25 + 0.01 * 1, v[1], 12);
    }

    [Fact]
    public void Likelihood_preconditioning_without_an_observation_falls_back_to_grad_U()
    {
        // A caller that never observes (a unit test driving the sampler alone, a parameter without a likelihood
        // gradient) gets the posterior preconditioner rather than a stale or empty V.
        using var scope = NewDisposeScope();
        var p = new TorchSharp.Modules.Parameter(tensor(new[] { 1.0, -2.0 }));
        p.grad = tensor(new[] { 4.0, -0.5 });
        var sampler = new PsgldSampler(new PsgldOptions { StepSize = 0.1, Temperature = 1e12, PreconditionOn = PreconditionerSource.Likelihood });
        sampler.Initialize([new NamedParameter("w", p)]);
        using var g = new Generator(1);
        sampler.Step(new SamplerStep(1, g));
        var state = new Dictionary<string, Tensor>();
        sampler.SaveState(state);
        Assert.Equal([16.0, 0.25], state["w.V"].data<double>().ToArray());
    }

    public static TheoryData<string> StatefulSamplers => ["sgld", "psgld", "sghmc", "adam", "sgd"];

    private static ISampler Create(string name) => name switch
    {
        "sgld" => new SgldSampler(new SgldOptions { StepSize = 0.01 }),
        "psgld" => new PsgldSampler(new PsgldOptions { StepSize = 0.01, AlphaSchedule = AlphaSchedule.Decaying }),
        "sghmc" => new SghmcSampler(new SghmcOptions { StepSize = 0.01 }),
        "adam" => new AdamSampler(new AdamOptions { StepSize = 0.01 }),
        _ => new SgdSampler(new SgdOptions { StepSize = 0.01, Momentum = 0.9 }),
    };

    [Theory]
    [MemberData(nameof(StatefulSamplers))]
    public void Saved_state_resumes_the_chain_exactly(string name)
    {
        // Run 10 steps, save, run 5 more; a fresh sampler loaded from the save (same parameters and generator state)
        // must reproduce the last 5 steps bit for bit.
        using var scope = NewDisposeScope();
        static void Grad(Tensor p) { using var _ = no_grad(); p.grad!.copy_(p.detach().Times(2).Minus(1)); }
        var p = new TorchSharp.Modules.Parameter(tensor(new[] { 0.5, -1.0, 2.0 }));
        p.grad = zeros_like(p);
        var a = Create(name);
        a.Initialize([new NamedParameter("w", p)]);
        using var g = new Generator(9);
        for (long k = 1; k <= 10; k++) { Grad(p); a.Step(new SamplerStep(k, g)); }
        var state = new Dictionary<string, Tensor>();
        a.SaveState(state);
        var saved = p.detach().clone();
        var generatorState = g.get_state();
        for (long k = 11; k <= 15; k++) { Grad(p); a.Step(new SamplerStep(k, g)); }
        var expected = p.detach().clone();

        using (no_grad()) p.copy_(saved);
        g.set_state(generatorState);
        var b = Create(name);
        b.Initialize([new NamedParameter("w", p)]);
        b.LoadState(state);
        for (long k = 11; k <= 15; k++) { Grad(p); b.Step(new SamplerStep(k, g)); }

        Assert.Equal(expected.data<double>().ToArray(), p.data<double>().ToArray());
        Assert.Equal(name is "sgld" or "psgld" or "sghmc", b.IsStochastic);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void Point_estimate_baselines_find_the_minimum(string name)
    {
        // U = sum (x - c)^2 / 2 with c = (1, -3): the minimiser is c.
        using var scope = NewDisposeScope();
        var c = tensor(new[] { 1.0, -3.0 });
        var p = new TorchSharp.Modules.Parameter(zeros(new long[] { 2 }, float64));
        p.grad = zeros_like(p);
        ISampler sampler = name == "sgd" ? new SgdSampler(new SgdOptions { StepSize = 0.1 }) : new AdamSampler(new AdamOptions { StepSize = 0.05 });
        sampler.Initialize([new NamedParameter("w", p)]);
        using var g = new Generator(1);
        for (long k = 1; k <= 2000; k++)
        {
            using (no_grad()) p.grad!.copy_(p.detach().sub(c));
            sampler.Step(new SamplerStep(k, g));
        }
        Assert.True(p.detach().sub(c).abs().max().item<double>() < 1e-3);
        Assert.False(sampler.IsStochastic);
    }

    [Fact]
    public void Diagnostics_report_step_size_and_alpha()
    {
        using var scope = NewDisposeScope();
        var p = new TorchSharp.Modules.Parameter(zeros(new long[] { 3 }, float64));
        p.grad = ones_like(p);
        var sampler = new PsgldSampler(new PsgldOptions { StepSize = 0.05, StepDecay = 1.0 / 3, AlphaSchedule = AlphaSchedule.Decaying });
        sampler.Initialize([new NamedParameter("w", p)]);
        using var g = new Generator(1);
        sampler.Step(new SamplerStep(8, g));
        Assert.Equal(0.025, sampler.Diagnostics["step_size"], 12);
        Assert.Equal(1 - 0.1 * Math.Pow(8, -0.7), sampler.Diagnostics["alpha"], 12);
    }
}
