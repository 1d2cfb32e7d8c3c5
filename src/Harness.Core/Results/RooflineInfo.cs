namespace Harness.Results;

/// <summary>
/// Where a measurement sits on its target's roofline: the work one sample costs (counted from the
/// ONNX graph at the job's input shapes), the rate the measurement achieved, and its share of
/// what the hardware allows at that arithmetic intensity, min(peak compute, intensity ×
/// bandwidth), from the target's measured peaks. The share is null where the target has no
/// measured peaks (noop, or a GPU that was unavailable).
/// </summary>
/// <param name="OperationsPerSample">Operations (a multiply-accumulate is two) one sample costs.</param>
/// <param name="IntegerFraction">The share of those operations that are integer (int8 convolutions and matrix products).</param>
/// <param name="BytesPerSample">Bytes the counted nodes read and write for one sample.</param>
/// <param name="ArithmeticIntensity">Operations per byte.</param>
/// <param name="AchievedGflops">Operations per sample × samples per second, in 10^9 per second.</param>
/// <param name="NotCounted">Op types left out of the count, with node counts and why ("Reshape ×4: no cost rule").</param>
public sealed record RooflineInfo(
    double OperationsPerSample,
    double IntegerFraction,
    double BytesPerSample,
    double ArithmeticIntensity,
    double AchievedGflops,
    IReadOnlyList<string> NotCounted)
{
    /// <summary>min(peak compute, intensity × bandwidth) in GFLOP/s, from the target's measured peaks.</summary>
    public double? AttainableGflops { get; init; }

    /// <summary><see cref="AchievedGflops"/> / <see cref="AttainableGflops"/>: how much of what the hardware allows the measurement used.</summary>
    public double? Share { get; init; }

    /// <summary><c>compute</c> or <c>memory</c>: which roof is the lower at this intensity.</summary>
    public string? Bound { get; init; }
}
