namespace Harness.Reports;

public enum SpeedVerdict
{
    /// <summary>No single-stream p50 for the variant or the reference.</summary>
    Unmeasured,
    Faster,

    /// <summary>Within <see cref="VariantRow.NoFasterBand"/> of the reference.</summary>
    NoFaster,
    Slower,
}

/// <summary>What a run says of a variant: the reference itself, or rejected for accuracy and/or how its speed compares.</summary>
/// <param name="TimeRatio">Its p50 over the reference's (1.3 takes 1.3× the time).</param>
public sealed record VariantVerdict(bool IsReference, bool RejectedForAccuracy, SpeedVerdict Speed, double? TimeRatio)
{
    public static VariantVerdict Reference { get; } = new(true, false, SpeedVerdict.Unmeasured, null);

    /// <summary>Worth keeping: not rejected, and not measured slower or no faster.</summary>
    public bool Kept => !IsReference && !RejectedForAccuracy && Speed is SpeedVerdict.Faster or SpeedVerdict.Unmeasured;
}
