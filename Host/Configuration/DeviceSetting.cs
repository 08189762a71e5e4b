using SparsePlugins.Abstractions;
using SparsePlugins.Host.Options;
using TorchSharp;

namespace SparsePlugins.Host.Configuration;

/// <summary>
/// The top-level <c>Device</c> setting: <c>cpu</c> (the default), <c>cuda</c> or <c>cuda:N</c>, or <c>auto</c> (CUDA when
/// the installed libtorch has it, else the CPU). The host creates networks and chain generators on it and hands it to
/// every plugin in <see cref="Abstractions.PluginContext.Device"/>. Which libtorch is installed is a build choice
/// (docs/gpu.md): this machine has the CPU build only.
/// </summary>
public static class DeviceSetting
{
    /// <exception cref="InvalidInputException">Not a device name, or CUDA asked for where libtorch has none.</exception>
    public static torch.Device Resolve(string? setting)
    {
        var text = (setting ?? "cpu").Trim().ToLowerInvariant();
        if (text == "auto") return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (text == "cpu") return torch.CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
            {
                throw new InvalidInputException($"Device '{setting}': this libtorch has no CUDA (the CPU package is installed, or " +
                    "no GPU is visible). Build with a CUDA runtime (-p:TorchSharpRuntime=TorchSharp-cuda-linux, docs/gpu.md), " +
                    "or set Device to cpu or auto.");
            }
            var index = text.Length > 4 && int.TryParse(text[5..], out var n) ? n : 0;
            if (index < 0 || index >= torch.cuda.device_count())
            {
                throw new InvalidInputException($"Device '{setting}': there are {torch.cuda.device_count()} CUDA device(s), cuda:0 to " +
                    $"cuda:{torch.cuda.device_count() - 1}.");
            }
            return new torch.Device(DeviceType.CUDA, index);
        }
        throw new InvalidInputException($"Device '{setting}' is not a device; use cpu, cuda, cuda:N or auto.");
    }
}
