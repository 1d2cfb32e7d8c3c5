using Harness.Evaluate;
using Harness.Plan;
using Harness.Results;

namespace Harness.Tests.Evaluate;

public sealed class FidelityBoundTests
{
    private static MeasurementResult Compared(string variant, double cosine, double maxRelative) => new(
        $"m/{variant}/cpu/fidelity", "m", variant, "cpu", new LoadInfo("fidelity", 1, 1), MeasurementStatus.Ok, null, null, null, null, null, new ValidityInfo(true, []), null)
    {
        Fidelity = [new FidelityInfo("fp32", "y", 100, 1, 0.1, cosine) { RowLength = 8, MaxRelError = maxRelative }],
    };

    private static readonly Dictionary<string, FidelitySpec> Bound = new() { ["m"] = new FidelitySpec(0.99, 0.05, 100) };

    [Fact]
    public void Should_Reject_An_Output_Past_Either_Bound_And_Name_The_Figure_And_The_Bound()
    {
        var results = FidelityBound.Apply([Compared("int8", 0.98, 0.01), Compared("fp16", 0.999, 0.21), Compared("int4", 0.995, 0.049)], "fp32", Bound);

        Assert.Equal("output 'y' has mean cosine 0.9800 against fp32; the bound is at least 0.99", results[0].Fidelity![0].RejectedReason);
        Assert.Equal("output 'y' is up to 21% off fp32; the bound is 5%", results[1].Fidelity![0].RejectedReason);
        Assert.Null(results[2].Fidelity![0].RejectedReason);
    }

    [Fact]
    public void Should_Reject_A_NaN_Figure_Which_No_Comparison_Can_Pass()
    {
        var results = FidelityBound.Apply([Compared("int8", double.NaN, 0.01)], "fp32", Bound);
        Assert.NotNull(results[0].Fidelity![0].RejectedReason);
    }

    [Fact]
    public void Should_Leave_The_Reference_And_Models_Without_A_Bound_Alone()
    {
        Assert.Null(FidelityBound.Apply([Compared("fp32", 0.5, 1)], "fp32", Bound)[0].Fidelity![0].RejectedReason);
        Assert.Null(FidelityBound.Apply([Compared("int8", 0.5, 1)], "fp32", new Dictionary<string, FidelitySpec>())[0].Fidelity![0].RejectedReason);
    }
}
