namespace Harness.Verify;

/// <summary>How <see cref="ModelVerifier"/> compares and runs: the tolerance, and ORT's intra-op thread count (0 lets ORT choose).</summary>
public sealed record VerifyOptions
{
    public static VerifyOptions Default { get; } = new();

    public Tolerance Tolerance { get; init; } = Tolerance.Default;

    public int Threads
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A thread count is ≥ 0 (0: ONNX Runtime chooses).");
    }
}
