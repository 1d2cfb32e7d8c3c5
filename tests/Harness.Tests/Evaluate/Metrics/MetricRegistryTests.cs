using Harness.Evaluate.Metrics;

namespace Harness.Tests.Evaluate.Metrics;

public sealed class MetricRegistryTests
{
    [Fact]
    public void Every_Known_Name_Creates_A_Metric_Of_That_Name()
    {
        Assert.Equal(["top1", "top5", "precision", "recall", "f1", "log_loss", "ece", "exact_match", "cer"], MetricRegistry.Names);
        foreach (var name in MetricRegistry.Names)
        {
            Assert.Equal(name, MetricRegistry.Create(name).Name);
        }
    }

    [Fact]
    public void Unknown_Name_Lists_The_Known_Ones()
    {
        var e = Assert.Throws<UnknownMetricException>(() => MetricRegistry.Create("accuracy"));
        Assert.Equal("accuracy", e.Name);
        Assert.Contains("'accuracy'", e.Message, StringComparison.Ordinal);
        Assert.Contains("top1, top5, precision, recall, f1, log_loss, ece, exact_match, cer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kind_Specific_Lookup_Rejects_The_Other_Kind()
    {
        Assert.IsType<CharacterErrorRate>(MetricRegistry.CreateSequence("cer"));
        var e = Assert.Throws<UnknownMetricException>(() => MetricRegistry.CreateSequence("top1"));
        Assert.Equal(["exact_match", "cer"], e.KnownNames);
        Assert.Throws<UnknownMetricException>(() => MetricRegistry.CreateClassification("cer"));
    }

    [Fact]
    public void Parameterised_Names_Are_Understood_Case_Insensitively()
    {
        Assert.Equal(3, Assert.IsType<TopKAccuracy>(MetricRegistry.Create("top3")).K);
        Assert.Equal(2, Assert.IsType<F1Score>(MetricRegistry.Create("F1[2]")).ClassIndex);
        Assert.IsType<Top1Accuracy>(MetricRegistry.CreateClassification("TOP1"));
        Assert.False(MetricRegistry.TryCreate("top0", out _));
        Assert.False(MetricRegistry.TryCreate("f1[x]", out _));
        Assert.False(MetricRegistry.TryCreate("ece[1]", out _));
    }
}
