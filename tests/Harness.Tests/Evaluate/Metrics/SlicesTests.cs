using Harness.Evaluate.Metrics;
using static Harness.Tests.Evaluate.Metrics.TestPredictions;

namespace Harness.Tests.Evaluate.Metrics;

public sealed class SlicesTests
{
    /// <summary>Font A: 30 predictions, 27 right (0.9). Font B: 25, 15 right (0.6). Font C: 5, none right. Two untagged.</summary>
    private static List<ClassificationPrediction> ByFont()
    {
        var predictions = new List<ClassificationPrediction>();
        void Add(string font, int count, int right)
        {
            for (var i = 0; i < count; i++)
            {
                predictions.Add(Binary(0.9, i < right, Slice("font", font)));
            }
        }

        Add("B", 25, 15);
        Add("A", 30, 27);
        Add("C", 5, 0);
        predictions.Add(Binary(0.9, true));
        predictions.Add(Binary(0.9, false));
        return predictions;
    }

    [Fact]
    public void Groups_By_Attribute_With_Counts_In_Key_Order()
    {
        var report = Slices.ByAttribute(ByFont(), "font", new Top1Accuracy());
        Assert.Equal("font", report.Attribute);
        Assert.Equal("top1", report.Metric);
        Assert.Equal(
            [new SliceResult("A", 30, 0.9), new SliceResult("B", 25, 0.6), new SliceResult("C", 5, 0.0)],
            report.Groups);
        Assert.Equal(2, report.Unattributed);
    }

    [Fact]
    public void Worst_Slice_Ignores_Groups_Below_The_Minimum_Size()
    {
        var report = Slices.ByAttribute(ByFont(), "font", new Top1Accuracy());
        // C (0.0) has only 5 predictions, below the default 20, so B is the worst that counts.
        Assert.Equal("B", report.Worst()?.Key);
        Assert.Equal("C", report.Worst(minimumCount: 5)?.Key);
        Assert.Null(report.Worst(minimumCount: 31));
    }

    [Fact]
    public void Worst_Slice_Of_A_Lower_Is_Better_Metric_Is_The_Highest()
    {
        // Log loss per font: A has fewer misses, so B's loss is higher, and B is worst.
        var report = Slices.ByAttribute(ByFont(), "font", new LogLoss());
        Assert.Equal(MetricDirection.LowerIsBetter, report.Direction);
        Assert.Equal("B", report.Worst()?.Key);
    }

    [Fact]
    public void By_Label_Orders_Classes_Numerically()
    {
        var predictions = new List<ClassificationPrediction>();
        for (var c = 0; c < 12; c++)
        {
            predictions.Add(Predicting(c, c == 10 ? 0 : c, 12));
        }

        var report = Slices.ByLabel(predictions, new Top1Accuracy());
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"], report.Groups.Select(g => g.Key));
        Assert.Equal(0.0, report.Groups[10].Value);
    }

    [Fact]
    public void By_Expected_Length_Buckets_In_Numeric_Order()
    {
        SequencePrediction[] predictions =
        [
            new("abcdefghijkl", "abcdefghijkl"), // 12 → 10-14
            new("abc", "abd"), // 3 → 0-4
            new("abcdefg", "abcdefg"), // 7 → 5-9
        ];
        var report = Slices.ByExpectedLength(predictions, new ExactMatch());
        Assert.Equal([new SliceResult("0-4", 1, 0), new SliceResult("5-9", 1, 1), new SliceResult("10-14", 1, 1)], report.Groups);
    }
}
