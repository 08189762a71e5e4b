using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparsePlugins.Darcy;

/// <summary>
/// Everything that determines a generated Darcy data set. A plain settable class so that a host can bind it from
/// configuration; two option sets with the same <see cref="Hash"/> produce bit-identical data.
/// </summary>
public sealed class DarcyGeneratorOptions
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    /// <summary>Cells per side.</summary>
    public int N { get; set; } = 50;

    /// <summary>KLE terms kept (32, 64 or 128 in the paper).</summary>
    public int Terms { get; set; } = 32;

    public double CorrelationLengthX { get; set; } = 0.2;

    public double CorrelationLengthY { get; set; } = 0.3;

    /// <summary>sigma of the covariance sigma exp(-dx^2/lx^2 - dy^2/ly^2).</summary>
    public double Variance { get; set; } = 2.0;

    /// <summary>kappa0: mean of log kappa (log-normal) or of kappa (affine, where 10 keeps nearly every field positive).</summary>
    public double Mean { get; set; }

    public PermeabilityForm Form { get; set; } = PermeabilityForm.LogNormal;

    /// <summary>Constant source f.</summary>
    public double Source { get; set; } = 1.0;

    /// <summary>Pressure on x = 0.</summary>
    public double PressureLeft { get; set; } = 1.0;

    /// <summary>Pressure on x = 1.</summary>
    public double PressureRight { get; set; }

    public int Samples { get; set; } = 1500;

    public int Seed { get; set; } = 1;

    /// <summary>
    /// Index of this data set's first sample in the whole set (a shard from <c>generate --shard</c>): sample s here is
    /// sample <c>FirstSample + s</c> of the unsharded set, drawn from (Seed, FirstSample + s). Omitted from the JSON when
    /// 0, so whole data sets keep the hash they had before shards existed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int FirstSample { get; set; }

    /// <summary>
    /// Binary channelized fields instead of KLE ones (Section 6.3); the KLE options are then unused. Omitted from the
    /// JSON when null, so KLE data sets keep the hash they had before channel fields existed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChannelFieldOptions? Channels { get; set; }

    /// <summary>Latent values stored per sample: the KLE terms, or <see cref="ChannelFieldOptions.LatentWidth"/>.</summary>
    [JsonIgnore]
    public int LatentWidth => Channels is null ? Terms : ChannelFieldOptions.LatentWidth;

    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (N < 2)
        {
            throw new ArgumentException($"{nameof(N)} must be at least 2 (got {N}).");
        }

        if (Channels is null && (Terms < 1 || Terms > N * N))
        {
            throw new ArgumentException($"{nameof(Terms)} must be between 1 and N^2 = {N * N} (got {Terms}).");
        }

        if (FirstSample < 0)
        {
            throw new ArgumentException($"{nameof(FirstSample)} must not be negative (got {FirstSample}).");
        }

        if (Samples < 1)
        {
            throw new ArgumentException($"{nameof(Samples)} must be at least 1 (got {Samples}).");
        }

        if (!(CorrelationLengthX > 0) || !(CorrelationLengthY > 0))
        {
            throw new ArgumentException($"{nameof(CorrelationLengthX)} and {nameof(CorrelationLengthY)} must be positive.");
        }

        if (!(Variance > 0))
        {
            throw new ArgumentException($"{nameof(Variance)} must be positive (got {Variance}).");
        }

        if (!double.IsFinite(Mean) || !double.IsFinite(Source) || !double.IsFinite(PressureLeft) || !double.IsFinite(PressureRight))
        {
            throw new ArgumentException($"{nameof(Mean)}, {nameof(Source)}, {nameof(PressureLeft)} and {nameof(PressureRight)} must be finite.");
        }

        if (!Enum.IsDefined(Form))
        {
            throw new ArgumentException($"{nameof(Form)} must be {nameof(PermeabilityForm.LogNormal)} or {nameof(PermeabilityForm.Affine)}.");
        }

        Channels?.Validate();
    }

    /// <summary>Compact JSON with properties in declaration order and round-trip doubles: the canonical form that is hashed.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DarcyGeneratorOptions FromJson(string json) =>
        JsonSerializer.Deserialize<DarcyGeneratorOptions>(json, Json) ?? throw new JsonException("Options JSON is null.");

    /// <summary>SHA-256 of <see cref="ToJson"/>, lower-case hex.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    public DarcyGeneratorOptions Clone() => FromJson(ToJson());
}
