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

    public static ChainSeeds For(long runSeed, int chain, TrainingOptions training) =>
        new((training.NoiseSeed ?? runSeed) + chain, Mix((training.InitSeed ?? runSeed) + chain));

    /// <summary>The SplitMix64 finaliser (Steele, Lea and Flood 2014), kept non-negative for torch's seed arguments.</summary>
    private static long Mix(long value)
    {
        unchecked
        {
            ulong z = ((ulong)value ^ InitDomain) + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (long)((z ^ (z >> 31)) & long.MaxValue);
        }
    }
}
