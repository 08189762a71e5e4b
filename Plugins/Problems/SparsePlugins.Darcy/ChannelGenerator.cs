namespace SparsePlugins.Darcy;

/// <summary>
/// Procedural binary channel fields: the union of a few sinuous bands, redrawn until the channel fraction is in range,
/// so the share of high-permeability facies stays comparable between samples. Deterministic for a given
/// <see cref="Random"/> state.
/// </summary>
public static class ChannelGenerator
{
    private const int MaxDraws = 1000;

    /// <summary>Fills <paramref name="field"/> (n x n, row-major, row 0 at the bottom; true = channel).</summary>
    /// <returns>The number of channels of the accepted field.</returns>
    /// <exception cref="InvalidOperationException">No field in 1000 draws had its channel fraction in range.</exception>
    public static int Draw(ChannelShape shape, int n, Random random, Span<bool> field)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        shape.Validate();
        if (field.Length != n * n)
        {
            throw new ArgumentException($"A {n} x {n} field needs {n * n} cells, got {field.Length}.", nameof(field));
        }

        var (lowest, highest) = (1.0, 0.0);
        for (var draw = 0; draw < MaxDraws; draw++)
        {
            var count = random.Next(shape.MinChannels, shape.MaxChannels + 1);
            field.Clear();
            for (var c = 0; c < count; c++)
            {
                Band.Draw(shape, random).Paint(n, field);
            }

            var fraction = (double)field.Count(true) / field.Length;
            if (fraction >= shape.MinFraction && fraction <= shape.MaxFraction)
            {
                return count;
            }

            (lowest, highest) = (Math.Min(lowest, fraction), Math.Max(highest, fraction));
        }

        throw new InvalidOperationException(Advice(shape, lowest, highest));
    }

    private static string Advice(ChannelShape shape, double lowest, double highest)
    {
        var seen = $"No channel field in {MaxDraws} draws had a channel fraction in [{shape.MinFraction}, {shape.MaxFraction}] (MinFraction, MaxFraction); fractions seen {lowest:0.###} to {highest:0.###}";
        if (highest < shape.MinFraction)
        {
            return $"{seen}: lower MinFraction, or raise Width or MinChannels/MaxChannels.";
        }

        return lowest > shape.MaxFraction
            ? $"{seen}: raise MaxFraction, or lower Width or MinChannels/MaxChannels."
            : $"{seen}: widen the range MinFraction to MaxFraction.";
    }

    /// <summary>
    /// One channel. In coordinates rotated by its direction (s along, t across, origin at the domain centre) the
    /// centreline is t = offset + A sin(k s + phase); a point belongs to the band when its distance across is within
    /// the half-width divided by sqrt(1 + slope^2), i.e. the width is measured perpendicular to the centreline.
    /// </summary>
    private readonly record struct Band(double Cos, double Sin, double Offset, double Amplitude, double WaveNumber, double Phase, double HalfWidth)
    {
        /// <summary>Draws, in this order: direction, offset, amplitude, wavelength, phase.</summary>
        public static Band Draw(ChannelShape shape, Random random)
        {
            var theta = (shape.OrientationDegrees + Uniform(random, -shape.OrientationSpreadDegrees, shape.OrientationSpreadDegrees)) * Math.PI / 180;
            var offset = Uniform(random, -0.5, 0.5);
            var amplitude = shape.Amplitude * Uniform(random, 0.5, 1.5);
            var wavelength = shape.Wavelength * Uniform(random, 0.75, 1.25);
            var phase = Uniform(random, 0, 2 * Math.PI);
            return new Band(Math.Cos(theta), Math.Sin(theta), offset, amplitude, 2 * Math.PI / wavelength, phase, shape.Width / 2);
        }

        /// <summary>Sets the cells whose centre ((i + 0.5)/n, (j + 0.5)/n) lies in the band.</summary>
        public void Paint(int n, Span<bool> field)
        {
            for (var j = 0; j < n; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    field[j * n + i] |= Contains((i + 0.5) / n - 0.5, (j + 0.5) / n - 0.5);
                }
            }
        }

        private bool Contains(double dx, double dy)
        {
            var s = dx * Cos + dy * Sin;
            var t = -dx * Sin + dy * Cos;
            var angle = WaveNumber * s + Phase;
            var slope = Amplitude * WaveNumber * Math.Cos(angle);
            return Math.Abs(t - Offset - Amplitude * Math.Sin(angle)) <= HalfWidth / Math.Sqrt(1 + slope * slope);
        }
    }

    private static double Uniform(Random random, double low, double high) => low + (high - low) * random.NextDouble();
}
