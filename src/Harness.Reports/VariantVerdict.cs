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

/// <summary>
/// What a run says of a variant: the reference itself, failed (nothing measured), or rejected for
/// accuracy or fidelity and/or how its speed compares.
/// </summary>
/// <param name="TimeRatio">Its p50 over the reference's (1.3 takes 1.3× the time).</param>
public sealed record VariantVerdict(bool IsReference, bool RejectedForAccuracy, SpeedVerdict Speed, double? TimeRatio)
{
    public static VariantVerdict Reference { get; } = new(true, false, SpeedVerdict.Unmeasured, null);

    /// <summary>Why every job of the variant failed (it could not be prepared, say); null when something was measured.</summary>
    public string? Failure { get; init; }

    /// <summary>Why the scenario's <c>fidelity:</c> bound rejects the variant; null when it holds or there is none.</summary>
    public string? RejectedForFidelity { get; init; }

    public bool Rejected => RejectedForAccuracy || RejectedForFidelity is not null;

    /// <summary>Worth keeping: measured, not rejected, and not measured slower or no faster.</summary>
    public bool Kept => !IsReference && Failure is null && !Rejected && Speed is SpeedVerdict.Faster or SpeedVerdict.Unmeasured;
}
