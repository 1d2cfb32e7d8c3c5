using Harness.Evaluate.Metrics;
using static Harness.Tests.Evaluate.Metrics.TestPredictions;

namespace Harness.Tests.Evaluate.Metrics;

public sealed class CalibrationTests
{
    [Fact]
    public void ECE_Is_Exact_For_A_Small_Overconfident_Case()
    {
        // Four predictions at confidence 0.75, two right: bin (11/15, 12/15], accuracy 0.5, gap 0.25.
        // Four at 0.875, three right: bin (13/15, 14/15], accuracy 0.75, gap 0.125.
        // ECE = 4/8 · 0.25 + 4/8 · 0.125 = 0.1875.
        ClassificationPrediction[] predictions =
        [
            Binary(0.75, true), Binary(0.75, true), Binary(0.75, false), Binary(0.75, false),
            Binary(0.875, true), Binary(0.875, true), Binary(0.875, true), Binary(0.875, false),
        ];
        var report = new ExpectedCalibrationError().Evaluate(predictions);
        Assert.Equal(0.1875, report.ExpectedCalibrationError, 12);
        Assert.Equal(0.1875, new ExpectedCalibrationError().Compute(predictions), 12);
        Assert.Equal(15, report.Bins.Count);
        Assert.Equal(new ReliabilityBin(11.0 / 15, 12.0 / 15, 4, 0.75, 0.5), report.Bins[11]);
        Assert.Equal(new ReliabilityBin(13.0 / 15, 14.0 / 15, 4, 0.875, 0.75), report.Bins[13]);
        Assert.Equal(8, report.Bins.Sum(b => b.Count));
        Assert.All(report.Bins.Where(b => b.Count == 0), b => Assert.Equal(0, b.MeanConfidence));
    }

    [Fact]
    public void ECE_Puts_Confidence_One_In_The_Last_Bin()
    {
        var report = new ExpectedCalibrationError().Evaluate([Binary(1.0, true)]);
        Assert.Equal(1, report.Bins[14].Count);
        Assert.Equal(0, report.ExpectedCalibrationError);
    }
}
