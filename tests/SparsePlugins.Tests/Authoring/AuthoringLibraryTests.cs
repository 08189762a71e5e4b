using System.Runtime.Intrinsics;
using SparsePlugins.Abstractions;
using SparsePlugins.Authoring;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Authoring;

/// <summary>
/// What the authoring library promises a sampler of an outside author beyond what the shipped samplers exercise: a
/// schedule of its own over the chain's length, its own Collects, Descend, a clear error when it forgets the schedule,
/// and a fused/tensor-path switch that does not leak into other tests running in parallel.
/// </summary>
public sealed class AuthoringLibraryTests
{
    /// <summary>eps_k = k / K, no noise; collects the second half of the chain.</summary>
    private sealed class LinearRamp : ParameterSampler
    {
        public override bool IsStochastic => false;

        public override bool Collects(long iteration) => 2 * iteration > Setup.TotalIterations;

        protected override double StepSizeAt(long iteration) => (double)iteration / Setup.TotalIterations;

        protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step) => Descend(parameter, gradient);
    }

    private sealed class NoSchedule : ParameterSampler
    {
        public override bool IsStochastic => false;

        protected override void Update(int index, Tensor parameter, Tensor gradient, SamplerStep step) => Descend(parameter, gradient);
    }

    [Fact]
    public void A_sampler_with_its_own_schedule_sees_the_chain_length_descends_and_collects_what_it_says()
    {
        using var scope = NewDisposeScope();
        using var x = new TorchSharp.Modules.Parameter(ones(3, float64));
        x.grad = TensorMath.FullLike(x, 2.0);
        var sampler = new LinearRamp();
        sampler.Initialize(new SamplerSetup([new NamedParameter("x", x)], 10, 5, 40));
        using var g = new Generator(1);

        sampler.Step(new SamplerStep(4, g));

        Assert.Equal(0.1, sampler.StepSize, 15);
        Assert.Equal(0.1, sampler.Diagnostics["step_size"], 15);
        Assert.All(x.data<double>().ToArray(), v => Assert.Equal(1 - 0.1 * 2, v, 15));
        Assert.False(sampler.Collects(20));
        Assert.True(sampler.Collects(21));
        Assert.True(((ISampler)new NoSchedule()).Collects(1));
    }

    [Fact]
    public void A_sampler_without_options_that_does_not_override_the_schedule_says_so()
    {
        using var x = new TorchSharp.Modules.Parameter(ones(3, float64));
        var sampler = new NoSchedule();
        sampler.Initialize([new NamedParameter("x", x)]);
        using var g = new Generator(1);

        var error = Assert.Throws<InvalidOperationException>(() => sampler.Step(new SamplerStep(1, g)));
        Assert.Contains("must override StepSizeAt", error.Message);
    }

    [Fact]
    public async Task The_tensor_path_switch_holds_on_its_own_flow_and_its_tasks_only()
    {
        using var t = zeros(32, float32);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Started before the switch: another test's flow, which must keep the fused path.
        var other = Task.Run(async () =>
        {
            await opened.Task;
            return FusedTensors.Qualify(t);
        });
        using (FusedTensors.TensorPathOnly())
        {
            Assert.False(FusedTensors.Qualify(t));
            Assert.False(await Task.Run(() => FusedTensors.Qualify(t)));
            opened.SetResult();
            // Without AVX2 nothing qualifies, and there is nothing to keep apart.
            Assert.Equal(Vector256.IsHardwareAccelerated, await other);
        }
        Assert.Equal(Vector256.IsHardwareAccelerated, FusedTensors.Qualify(t));
    }
}
