using Harness.Cli.Views;
using Harness.Plan;
using Harness.Tests.Reports;

namespace Harness.Tests.Cli;

/// <summary>The progress lines of a run, for every kind of outcome, compared with expected text.</summary>
public sealed class ConsoleRunObserverTests
{
    /// <summary>A clock that moves only when told, so elapsed times print the same on every machine.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long milliseconds;

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => milliseconds;

        public void Advance(TimeSpan by) => milliseconds += (long)by.TotalMilliseconds;
    }

    [Fact]
    public void Should_Print_A_Line_Per_Job_With_Its_Outcome()
    {
        var (console, output) = ExpectedText.PlainConsole();
        var clock = new ManualClock();
        var observer = new ConsoleRunObserver(console, clock);
        var measurements = RunResultsFixture.Measurements();

        for (var index = 0; index < measurements.Count; index++)
        {
            observer.JobStarted(JobFor(measurements[index].Id), index, measurements.Count);
            clock.Advance(TimeSpan.FromMilliseconds(1250 + (100 * index)));
            observer.JobFinished(measurements[index], index, measurements.Count);
        }

        ExpectedText.Matches("run-progress", output.ToString());
    }

    [Fact]
    public void Should_Show_The_Current_Job_Its_Phase_And_The_Time_In_The_Status_Line()
    {
        var (console, _) = ExpectedText.PlainConsole();
        var clock = new ManualClock();
        var observer = new ConsoleRunObserver(console, clock);
        clock.Advance(TimeSpan.FromSeconds(61));

        observer.JobStarted(JobFor("cls/int8-static/cpu/single-stream"), 4, 12);
        observer.JobPhase(JobFor("cls/int8-static/cpu/single-stream"), "preparing int8-static");
        clock.Advance(TimeSpan.FromMilliseconds(2345));

        Assert.Equal("[[5/12]] cls/int8-static/cpu/single-stream: preparing int8-static [grey](2.3s, run 01:03)[/]", observer.Status);
    }

    private static MeasurementJob JobFor(string id)
    {
        var parts = id.Split('/');
        var model = new ModelSpec(parts[0], "/models/" + parts[0] + ".onnx", [], new Dictionary<string, long>(), null);
        return new MeasurementJob(id, model, parts[1], new TargetSpec(parts[2], TargetDevice.Cpu, 1, 1, GraphOptimization.All, ExecutionMode.Sequential), LoadSpec.SingleStream(), 1, RunRules.Defaults);
    }
}
