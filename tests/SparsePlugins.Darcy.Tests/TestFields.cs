namespace SparsePlugins.Darcy.Tests;

/// <summary>Permeability fields for tests, reproducible from a seed.</summary>
internal static class TestFields
{
    public static double[] Constant(int n, double value) => Enumerable.Repeat(value, n * n).ToArray();

    /// <summary>Independent log-normal values per cell, rescaled so that max / min is exactly <paramref name="contrast"/>.</summary>
    public static double[] LogNormal(int n, double contrast, int seed)
    {
        var random = new Random(seed);
        var z = new double[n * n];
        for (var k = 0; k < z.Length; k++)
        {
            // Box-Muller: the sum of uniforms would do, but the tails matter for the contrast.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            z[k] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        var min = z.Min();
        var max = z.Max();
        var half = Math.Log(contrast) / 2;
        return z.Select(v => Math.Exp(-half + 2 * half * (v - min) / (max - min))).ToArray();
    }
}
