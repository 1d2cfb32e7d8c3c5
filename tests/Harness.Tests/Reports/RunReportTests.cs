using Harness.Reports;
using Harness.Results;

namespace Harness.Tests.Reports;

/// <summary>The decisions a report makes once, for every writer: speed-ups, drops, verdicts, best variants.</summary>
public sealed class RunReportTests
{
    private static readonly RunReport Report = RunReport.From(RunResultsFixture.Run());

    private static VariantRow Row(string variant) => Assert.Single(Report.Variants).Rows.Single(r => r.Variant == variant);

    [Fact]
    public void Should_Compare_Only_Models_That_Have_Variants()
    {
        var comparison = Assert.Single(Report.Variants);
        Assert.Equal(("cls", "cpu"), (comparison.Model, comparison.Target));
        Assert.Equal(["fp32", "int8-static", "fp16", "int8-dynamic", "int4"], comparison.Rows.Select(r => r.Variant));
    }

    [Fact]
    public void Should_Label_Emulated_Figures_Wherever_The_Target_Is_Shown()
    {
        var measured = Report.Speed[0];
        var emulated = SpeedRow.From(RunResultsFixture.Run().Measurements[0] with { Target = "pi5", Figures = "emulated on Test CPU" });

        Assert.Equal("cpu", measured.TargetCell);
        Assert.Equal("pi5 (emulated on Test CPU)", emulated.TargetCell);
        Assert.Equal(["cpu", "pi5"], Report.Targets.Select(t => t.Target));
    }

    [Fact]
    public void Should_Give_The_Reference_Its_Source_Size_And_No_Speed_Up_Or_Drop()
    {
        var reference = Row("fp32");
        Assert.True(reference.Verdict.IsReference);
        Assert.Equal(585_000, reference.SizeBytes);
        Assert.Equal(2.0, reference.P50Ms);
        Assert.Null(reference.SpeedUp);
        Assert.Null(reference.Drop);
    }

    [Fact]
    public void Should_Keep_A_Faster_Variant_Whose_Accuracy_Holds()
    {
        var int8 = Row("int8-static");
        Assert.Equal(2.0 / 0.87, int8.SpeedUp!.Value, 12);
        Assert.Equal(0.995 - 0.9975, int8.Drop!.Value, 12);
        Assert.Equal(SpeedVerdict.Faster, int8.Verdict.Speed);
        Assert.True(int8.Verdict.Kept);
    }

    [Fact]
    public void Should_Call_A_Variant_Within_Five_Percent_No_Faster()
    {
        var fp16 = Row("fp16");
        Assert.Equal(SpeedVerdict.NoFaster, fp16.Verdict.Speed);
        Assert.False(fp16.Verdict.Kept);
    }

    [Fact]
    public void Should_Say_Slower_And_Rejected_Together()
    {
        var dynamic = Row("int8-dynamic");
        Assert.Equal(SpeedVerdict.Slower, dynamic.Verdict.Speed);
        Assert.Equal(11.4 / 2.0, dynamic.Verdict.TimeRatio!.Value, 12);
        Assert.True(dynamic.Verdict.RejectedForAccuracy);
        Assert.Equal("output 'softmax_0.tmp_0' is up to 82% off fp32; the bound is 5%", dynamic.Verdict.RejectedForFidelity);
        Assert.False(dynamic.Verdict.Kept);
    }

    [Fact]
    public void Should_Say_Failed_With_The_Reason_For_A_Variant_Whose_Every_Job_Failed()
    {
        var int4 = Row("int4");
        Assert.Equal("Read-only file system : '/cache/variants'", int4.Verdict.Failure);
        Assert.False(int4.Verdict.Kept);
        Assert.Null(int4.Made);
        Assert.Null(int4.SizeBytes);
    }

    [Fact]
    public void Should_Compare_A_Model_Whose_Only_Variant_Failed()
    {
        var run = RunResultsFixture.Run();
        var report = RunReport.From(run with { Measurements = [.. run.Measurements.Where(m => m.Variant is "fp32" or "int4")] });

        var row = Assert.Single(report.Variants).Rows.Single(r => r.Variant == "int4");
        Assert.NotNull(row.Verdict.Failure);
        Assert.False(row.Verdict.Kept);
    }

    [Fact]
    public void Should_Reject_A_Faster_Variant_Whose_Outputs_Break_The_Fidelity_Bound()
    {
        var run = RunResultsFixture.Run();
        var measurements = run.Measurements.Select(m => m.Id == "cls/int8-static/cpu/accuracy"
            ? m with { Fidelity = [m.Fidelity![0] with { RejectedReason = "output 'softmax_0.tmp_0' has mean cosine 0.9994 against fp32; the bound is at least 0.9999" }] }
            : m).ToList();

        var report = RunReport.From(run with { Measurements = measurements });
        var int8 = report.Variants[0].Rows.Single(r => r.Variant == "int8-static");

        Assert.Equal(SpeedVerdict.Faster, int8.Verdict.Speed);
        Assert.False(int8.Verdict.Kept);
        Assert.NotEqual("int8-static", report.Variants[0].Best.Fastest);
    }

    [Theory]
    [InlineData(1.90, SpeedVerdict.Faster)] // 5% faster is the edge of the band: faster
    [InlineData(1.91, SpeedVerdict.NoFaster)]
    [InlineData(2.10, SpeedVerdict.NoFaster)] // 5% slower is still within the band
    [InlineData(2.11, SpeedVerdict.Slower)]
    public void Should_Place_The_No_Faster_Band_At_Five_Percent_Of_The_Reference(double p50, SpeedVerdict expected)
    {
        var run = RunResultsFixture.Run();
        var measurements = run.Measurements.Select(m => m.Id == "cls/fp16/cpu/single-stream" ? m with { LatencyMs = m.LatencyMs! with { P50 = p50 } } : m).ToList();

        var report = RunReport.From(run with { Measurements = measurements });

        Assert.Equal(expected, report.Variants[0].Rows.Single(r => r.Variant == "fp16").Verdict.Speed);
    }

    [Fact]
    public void Should_Pick_The_Best_Variant_Per_Objective_Among_Those_Not_Rejected()
    {
        var best = Report.Variants[0].Best;
        Assert.Equal("int8-static", best.Fastest);
        Assert.Equal("int8-static", best.Smallest);
        Assert.Equal("int8-static", best.MostAccurate);
    }

    [Fact]
    public void Should_Let_The_Reference_Win_A_Tie_And_Never_Pick_A_Rejected_Variant()
    {
        var run = RunResultsFixture.Run();
        // int8-static loses its accuracy lead (a tie with fp32) and is rejected; int8-dynamic, rejected, stays out.
        var measurements = run.Measurements.Select(m => m.Id == "cls/int8-static/cpu/accuracy"
            ? m with { Accuracy = m.Accuracy! with { Headline = m.Accuracy.Headline with { Value = 0.995 }, Rejected = true } }
            : m).ToList();

        var best = RunReport.From(run with { Measurements = measurements }).Variants[0].Best;

        Assert.Equal("fp16", best.Fastest);
        Assert.Equal("fp16", best.Smallest);
        Assert.Equal("fp32", best.MostAccurate);
    }

    [Fact]
    public void Should_Name_The_Worst_Slice_Across_Attributes()
    {
        var row = Report.Accuracy.Single(a => a.Variant == "fp32");
        Assert.Equal(new WorstSlice("size", "small", 0.995 - 0.01, 100), row.WorstSlice);
        Assert.Equal(["ece", "f1"], row.OtherMetrics.Select(p => p.Key));
    }

    [Fact]
    public void Should_Leave_Accuracy_Jobs_Out_Of_The_Speed_Rows()
    {
        Assert.Equal(10, Report.Speed.Count);
        Assert.Equal(4, Report.Accuracy.Count);
        Assert.Equal(MeasurementStatus.Failed, Report.Speed.Single(r => r.Load == "multi-stream-n8").Status);
        Assert.Equal(35.5 + 4.25, Report.Speed[0].ColdStartMs);
    }

    [Fact]
    public void Should_Gate_Every_Measurement_And_Warn_Of_Those_That_Did_Not_Pass()
    {
        Assert.Equal(RunResultsFixture.Measurements().Select(m => m.Id), Report.Gates.Select(g => g.Id));
        Assert.Equal(
            [
                ("cls/fp32/cpu/offline-b4", GateOutcome.Failed, "not valid: throughput varied 14% across the last 3 windows (tolerance 10%)"),
                ("cls/fp32/cpu/multi-stream-n8", GateOutcome.Error, "failed: the worker crashed (SIGSEGV, a native fault)"),
                ("cls/int8-dynamic/cpu/accuracy", GateOutcome.Failed, "rejected for accuracy: top1 dropped 4.8 points against fp32 (at most 1.0 allowed)"),
                ("cls/int4/cpu/single-stream", GateOutcome.Error, "failed: Read-only file system : '/cache/variants'"),
                ("cls/int4/cpu/accuracy", GateOutcome.Error, "failed: the int4 variant could not be prepared: Read-only file system : '/cache/variants'"),
            ],
            Report.Warnings.Select(g => (g.Id, g.Outcome, Assert.Single(g.Reasons))));
    }

    [Fact]
    public void Should_Fail_The_Gate_Of_A_Measurement_Over_Its_Latency_Objective()
    {
        var server = RunResultsFixture.Measurements().Single(m => m.Load.Scenario == "server");

        var gate = MeasurementGate.Of(server with { Slo = new SloInfo(10, 0.99, 12.75, false) });

        Assert.Equal(GateOutcome.Failed, gate.Outcome);
        Assert.Equal(["over its latency objective: p99 was 12.75 ms, at most 10 ms allowed"], gate.Reasons);
        Assert.Equal(GateOutcome.Passed, MeasurementGate.Of(server).Outcome);
    }
}
