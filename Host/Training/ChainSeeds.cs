using SparsePlugins.Host.Configuration;

namespace SparsePlugins.Host.Training;

/// <summary>
/// The two random streams of chain c. Noise: the chain's generator (Langevin noise, mini-batch order) and the seed the
/// prior and sampler see, (NoiseSeed ?? Seed) + c, as before the streams were separated, so that every run that starts
/// from fixed parameters (the linear network starts at zero) keeps its numbers. Init: the network's initialisation and
/// torch's global generator while the network is built, SplitMix64((InitSeed ?? Seed) + c) xor-ed with a domain
/// constant: a different stream from the noise for every seed, so that changing one never moves the other.
/// </summary>
public readonly record struct ChainSeeds(long Noise, long Init)
{
    /// <summary>"init" in ASCII: keeps the init stream apart from a noise stream even when both are given the same number.</summary>
    private const ulong InitDomain = 0x696E6974UL;

    /// <summary>"repl": hot replicas' streams, apart from every chain's.</summary>
    private const ulong ReplicaDomain = 0x7265706CUL;

    /// <summary>"swap": the swap decisions of a chain's replica exchange.</summary>
    private const ulong SwapDomain = 0x73776170UL;

    public static ChainSeeds For(long runSeed, int chain, TrainingOptions training) =>
        new((training.NoiseSeed ?? runSeed) + chain, Mix((training.InitSeed ?? runSeed) + chain, InitDomain));

    /// <summary>The streams of this chain's hot replica r (1 = the first above temperature 1).</summary>
    /// <remarks>The noise seed is mixed before r is added: chain c's replica 2 and chain c + 1's replica 1 would
    /// otherwise share Noise + 2.</remarks>
    public ChainSeeds Replica(int r) => new(Mix(Mix(Noise, ReplicaDomain) + r, ReplicaDomain), Mix(Init + r, ReplicaDomain));

    /// <summary>The seed of this chain's swap decisions.</summary>
    public long Swaps => Mix(Noise, SwapDomain);

    /// <summary>The SplitMix64 finaliser (Steele, Lea and Flood 2014), kept non-negative for torch's seed arguments.</summary>
    private static long Mix(long value, ulong domain)
    {
        unchecked
        {
            ulong z = ((ulong)value ^ domain) + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (long)((z ^ (z >> 31)) & long.MaxValue);
        }
    }
}
