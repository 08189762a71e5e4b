using SparsePlugins.Abstractions;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Training;

/// <summary>
/// <c>Training:InitFrom</c>: a chain starts from the final parameters of an earlier run (its <c>model-chain&lt;c&gt;.dat</c>)
/// instead of the network's fresh initialisation, e.g. the SA phase from a dense pSGLD run, as the authors prune a
/// pretrained network. Only the network's parameters and buffers come from there: the prior and the sampler start
/// fresh, so the method after the start is unchanged.
/// </summary>
public static class WarmStart
{
    /// <summary>
    /// The file chain <paramref name="chain"/> starts from: <paramref name="initFrom"/> itself when it is a file, else
    /// the folder's <c>model-chain&lt;chain&gt;.dat</c>, or its last chain's when it has fewer chains.
    /// </summary>
    public static string ModelFile(string initFrom, int chain)
    {
        if (File.Exists(initFrom)) return initFrom;
        if (!Directory.Exists(initFrom))
        {
            throw new InvalidInputException($"Training:InitFrom '{initFrom}' is neither a run folder nor a model file. " +
                "Set it to the folder of a finished run (it holds model-chain0.dat) or to one model-chain<c>.dat file.");
        }
        var own = Path.Combine(initFrom, $"model-chain{chain}.dat");
        if (File.Exists(own)) return own;
        var last = Enumerable.Range(0, chain).Reverse().Select(c => Path.Combine(initFrom, $"model-chain{c}.dat")).FirstOrDefault(File.Exists);
        return last ?? throw new InvalidInputException($"Training:InitFrom '{initFrom}' has no model-chain<c>.dat: the run " +
            "did not finish, or ran with Training:SaveModel = false. Point it at a finished run's folder.");
    }

    /// <summary>Loads the chain's start into <paramref name="module"/>, which must have the same architecture.</summary>
    public static void Load(nn.Module module, string initFrom, int chain)
    {
        var path = ModelFile(initFrom, chain);
        try
        {
            using var _ = no_grad();
            module.load(path, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            throw new InvalidInputException($"Training:InitFrom: '{path}' does not fit this run's network ({e.Message}). " +
                "Warm-start only from a run with the same network and network options (and problem grid).", e);
        }
    }
}
