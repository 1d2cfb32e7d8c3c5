using Harness.Evaluate;
using Harness.Results;

namespace Harness.Tests.Evaluate;

public sealed class QualityBoundTests
{
    private static MeasurementResult Accuracy(string variant, string metric, double value, bool higherIsBetter = true) => new(
        $"m/{variant}/cpu/accuracy", "m", variant, "cpu", new LoadInfo("accuracy", 1, 1), MeasurementStatus.Ok, null, null, null, null, null, new ValidityInfo(true, []), null)
    {
        Accuracy = new AccuracyInfo("ocr-lines", "ctc-text", 300, 50, new HeadlineMetric(metric, value, value - 0.02, value + 0.02, 0.95, 1000, 1, higherIsBetter), new Dictionary<string, double>(), [], 0, []),
    };

    [Fact]
    public void Should_Reject_A_Variant_That_Dropped_Past_The_Bound_And_Say_By_How_Much()
    {
        var results = QualityBound.Apply([Accuracy("fp32", "exact_match", 0.94), Accuracy("int8", "exact_match", 0.91), Accuracy("fp16", "exact_match", 0.935)], "fp32", new Dictionary<string, double> { ["m"] = 0.01 });

        Assert.False(results[0].Accuracy!.Rejected);
        Assert.True(results[1].Accuracy!.Rejected);
        Assert.Equal("exact_match is 3 points worse than fp32 (0.940 → 0.910, 95% interval [0.890, 0.930]); the bound is 1 points", results[1].Accuracy!.RejectedReason);
        Assert.False(results[2].Accuracy!.Rejected);
    }

    [Fact]
    public void Should_Read_A_Rise_As_The_Drop_For_Lower_Is_Better_Metrics()
    {
        var results = QualityBound.Apply([Accuracy("fp32", "cer", 0.010, false), Accuracy("int8", "cer", 0.030, false)], "fp32", new Dictionary<string, double> { ["m"] = 0.01 });
        Assert.True(results[1].Accuracy!.Rejected);
    }

    [Fact]
    public void Should_Leave_Models_Without_A_Bound_Alone() =>
        Assert.False(QualityBound.Apply([Accuracy("fp32", "top1", 0.9), Accuracy("int8", "top1", 0.5)], "fp32", new Dictionary<string, double>())[1].Accuracy!.Rejected);
}
