using Harness.Onnx.Cost;
using Harness.Results;

namespace Harness.Roofline;

/// <summary>The roofline arithmetic, in one place: a measurement's work and rate, then its ceiling and share under measured peaks.</summary>
public static class RooflinePlacement
{
    /// <summary>The work one sample costs and the rate achieved; no ceiling yet (that needs the target's peaks).</summary>
    /// <param name="cost">The cost of one inference at the job's input shapes, i.e. of <paramref name="batchSize"/> samples.</param>
    public static RooflineInfo Work(ModelCost cost, int batchSize, double samplesPerSec)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var perSample = cost.Operations / Math.Max(batchSize, 1);
        return new RooflineInfo(
            perSample,
            cost.Operations > 0 ? cost.IntegerOperations / cost.Operations : 0,
            cost.Bytes / Math.Max(batchSize, 1),
            cost.ArithmeticIntensity,
            perSample * samplesPerSec / 1e9,
            [.. cost.NotCounted.Select(u => $"{u.OpType} ×{u.Nodes}: {u.Reason}")]);
    }

    /// <summary>
    /// Adds the ceiling and share. The compute roof of a mix of float and integer work is the rate
    /// at which each part runs at its own peak: ops / (float ops / fp32 peak + int ops / int8 peak),
    /// with the fp32 peak standing in where int8 was not measured.
    /// </summary>
    public static RooflineInfo Place(RooflineInfo work, PeakFigures peaks)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(peaks);
        if (peaks is not { IsMeasured: true, Fp32Gflops: { } fp32, BandwidthGBps: { } bandwidth } || fp32 <= 0 || bandwidth <= 0)
        {
            return work;
        }

        var int8 = peaks.Int8Gops is > 0 ? peaks.Int8Gops.Value : fp32;
        var compute = 1 / ((1 - work.IntegerFraction) / fp32 + work.IntegerFraction / int8);
        var memory = work.ArithmeticIntensity * bandwidth;
        var attainable = Math.Min(compute, memory);
        return work with
        {
            AttainableGflops = attainable,
            Share = attainable > 0 ? work.AchievedGflops / attainable : null,
            Bound = compute <= memory ? "compute" : "memory",
        };
    }
}
