using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Host;

/// <summary>
/// The <c>Device</c> setting (issue 14). Only the CPU build of libtorch is installed here, so CUDA cannot run; what can
/// be checked is that every shipped plugin puts its tensors on the device it is given rather than on the CPU by
/// default. The "meta" device (shapes, no data) makes that visible on a CPU-only machine: a tensor created on the CPU
/// by mistake shows up as cpu, not meta.
/// </summary>
public sealed class DeviceTests
{
    private static readonly Device Meta = new(DeviceType.META);

    private static readonly Lazy<PluginCatalog> Catalog = new(() =>
    {
        var catalog = new PluginCatalog(NullLogger<PluginCatalog>.Instance);
        catalog.Discover([TestPaths.Plugins]);
        return catalog;
    });

    private static object Options(PluginDescriptor plugin, params (string Key, string Value)[] settings) =>
        OptionsBinder.Bind(plugin.OptionsType, plugin.Name, new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Theory]
    [InlineData("linear-regression")]
    [InlineData("kle-darcy")]
    [InlineData("channelized-darcy")]
    public void A_problem_creates_its_data_sets_on_the_device_it_is_given(string name)
    {
        using var temp = new TempDirectory();
        var plugin = Catalog.Value.Find(PluginKind.Problem, name)!;
        var options = name == "linear-regression"
            ? Options(plugin)
            : Options(plugin, ("N", "6"), ("Samples", "30"), ("TestSamples", "5"), ("ValidationSamples", "5"));
        using var problem = plugin.FactoryAs<IProblemPlugin>().Create(options,
            new PluginContext { Seed = 1, CacheDirectory = temp.Path, Device = Meta });

        foreach (var set in new[] { problem.Train, problem.Test, problem.Validation }.OfType<TensorDataset>())
        {
            Assert.Equal(DeviceType.META, set.Inputs.device_type);
            Assert.Equal(DeviceType.META, set.Targets.device_type);
        }
    }

    [Theory]
    [InlineData("sgld")]
    [InlineData("psgld")]
    public void A_sampler_keeps_its_state_on_the_parameters_device(string name)
    {
        var plugin = Catalog.Value.Find(PluginKind.Sampler, name)!;
        var sampler = plugin.FactoryAs<ISamplerPlugin>().Create(Options(plugin), new PluginContext { Seed = 1, Device = Meta });
        using var layer = nn.Linear(4, 3).to(Meta);
        sampler.Initialize(layer.named_parameters().Select(p => new NamedParameter(p.name, (TorchSharp.Modules.Parameter)p.parameter)).ToList());

        var state = new Dictionary<string, Tensor>();
        sampler.SaveState(state);
        Assert.All(state, s => Assert.Equal(DeviceType.META, s.Value.device_type));
        foreach (var tensor in state.Values) tensor.Dispose();
        (sampler as IDisposable)?.Dispose();
    }

    [Theory]
    [InlineData("gaussian")]
    [InlineData("ssgl")]
    public void A_prior_keeps_its_state_on_the_parameters_device(string name)
    {
        var plugin = Catalog.Value.Find(PluginKind.Prior, name)!;
        var prior = plugin.FactoryAs<IPriorPlugin>().Create(Options(plugin), new PluginContext { Seed = 1, Device = Meta });
        using var layer = nn.Linear(4, 3).to(Meta);
        var parameters = layer.named_parameters().Select(p => new NamedParameter(p.name, (TorchSharp.Modules.Parameter)p.parameter)).ToList();
        prior.Initialize(new PriorSetup(parameters, ["weight"], TrainingSize: 10, TotalIterations: 100));

        var state = new Dictionary<string, Tensor>();
        prior.SaveState(state);
        // Per-weight state (rho, kappa, pruning masks) must follow the weights; the scalars (delta, sigma) are host-side
        // doubles the prior updates between steps, saved as 0-dim CPU tensors, and never enter a device computation.
        if (name == "ssgl") Assert.Contains(state, s => s.Value.dim() > 0);
        Assert.All(state.Where(s => s.Value.dim() > 0), s => Assert.Equal(DeviceType.META, s.Value.device_type));
        foreach (var tensor in state.Values) tensor.Dispose();
        (prior as IDisposable)?.Dispose();
    }

    [Fact]
    public void Cpu_and_auto_resolve_here_and_cuda_is_refused_with_the_fix()
    {
        Assert.Equal(DeviceType.CPU, DeviceSetting.Resolve("cpu").type);
        Assert.Equal(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, DeviceSetting.Resolve("auto").type);
        if (!torch.cuda.is_available())
        {
            var error = Assert.Throws<InvalidInputException>(() => DeviceSetting.Resolve("cuda"));
            Assert.Contains("TorchSharp-cuda-linux", error.Message, StringComparison.Ordinal);
        }
        Assert.Contains("use cpu, cuda, cuda:N or auto", Assert.Throws<InvalidInputException>(() => DeviceSetting.Resolve("gpu")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_device_setting_stops_the_command_before_any_run()
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, RunConfig.Regression()), "--Device=tpu");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Device 'tpu' is not a device", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")));
    }
}
