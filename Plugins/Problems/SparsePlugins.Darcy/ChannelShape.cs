namespace SparsePlugins.Darcy;

/// <summary>
/// The distribution of procedural channel fields (<see cref="ChannelGenerator"/>), for channelized permeability without
/// a training image. Lengths are in units of the domain side (1); orientation 0 runs the channels along x, left to
/// right, the main flow direction, so by default the channels connect inflow and outflow.
/// </summary>
/// <param name="MinChannels">Fewest channels per field (the count is uniform in [Min, Max]).</param>
/// <param name="MaxChannels">Most channels per field.</param>
/// <param name="OrientationDegrees">Mean channel direction, counter-clockwise from the x axis.</param>
/// <param name="OrientationSpreadDegrees">Each channel's direction is uniform within +- this of the mean.</param>
/// <param name="Amplitude">Sinuosity: the centreline amplitude, scaled per channel by U(0.5, 1.5).</param>
/// <param name="Wavelength">Meander wavelength, scaled per channel by U(0.75, 1.25).</param>
/// <param name="Width">Channel width measured perpendicular to the centreline.</param>
/// <param name="MinFraction">Fields with a smaller channel fraction are redrawn.</param>
/// <param name="MaxFraction">Fields with a larger channel fraction are redrawn.</param>
public sealed record ChannelShape(
    int MinChannels = 2,
    int MaxChannels = 4,
    double OrientationDegrees = 0,
    double OrientationSpreadDegrees = 20,
    double Amplitude = 0.08,
    double Wavelength = 0.6,
    double Width = 0.1,
    double MinFraction = 0.15,
    double MaxFraction = 0.4)
{
    /// <exception cref="ArgumentException">A field out of range; the parameter name is that field.</exception>
    public void Validate()
    {
        Require(MinChannels >= 1, nameof(MinChannels), $"must be at least 1, got {MinChannels}");
        Require(MaxChannels >= MinChannels, nameof(MaxChannels), $"must be at least MinChannels ({MinChannels}), got {MaxChannels}");
        Require(double.IsFinite(OrientationDegrees), nameof(OrientationDegrees), $"must be finite, got {OrientationDegrees}");
        Require(OrientationSpreadDegrees is >= 0 and <= 90, nameof(OrientationSpreadDegrees), $"must lie in [0, 90], got {OrientationSpreadDegrees}");
        Require(Amplitude >= 0 && double.IsFinite(Amplitude), nameof(Amplitude), $"must be finite and >= 0, got {Amplitude}");
        Require(Wavelength > 0 && double.IsFinite(Wavelength), nameof(Wavelength), $"must be finite and > 0, got {Wavelength}");
        Require(Width is > 0 and <= 1, nameof(Width), $"must lie in (0, 1], got {Width}");
        Require(MinFraction is >= 0 and < 1, nameof(MinFraction), $"must lie in [0, 1), got {MinFraction}");
        Require(MaxFraction > MinFraction && MaxFraction <= 1, nameof(MaxFraction), $"must lie in (MinFraction ({MinFraction}), 1], got {MaxFraction}");
    }

    private static void Require(bool valid, string field, string problem)
    {
        if (!valid)
        {
            throw new ArgumentException($"Channel shape: {field} {problem}.", field);
        }
    }
}
