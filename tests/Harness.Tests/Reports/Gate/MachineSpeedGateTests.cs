using Harness.Reports.Gate;
using Harness.Results;

namespace Harness.Tests.Reports.Gate;

/// <summary>
/// Runs made while the machine ran at another speed are not compared: a shared host that slows
/// by a third moves every latency with it, which the gate would otherwise call a regression.
/// </summary>
public sealed class MachineSpeedGateTests : IDisposable
{
    private const string Id = "ppocr-cls/fp32/cpu/single-stream";
    private readonly string folder = Directory.CreateTempSubdirectory("harness-speed-gate-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private GatedRun Run(string name, double medianMs, MachineSpeedInfo? speed, int seed) =>
        GatedRun.Read(GateRuns.Write(Path.Combine(folder, name), name, new Dictionary<string, double[]> { [Id] = GateRuns.LogNormal(seed, medianMs) }, speed: speed));

    private static MeasurementVerdict Judge(GatedRun baseline, GatedRun current) =>
        BaselineComparison.Judge(Id, new GateBaseline("baseline", [baseline]), current, GateConfig.Default);

    [Fact]
    public void A_run_on_a_machine_a_third_slower_is_inconclusive_not_a_regression()
    {
        var baseline = Run("base", 0.66, new MachineSpeedInfo(40, 40.4), 1);
        var slowMachine = Run("slow", 0.88, new MachineSpeedInfo(30, 30.2), 2);

        var verdict = Judge(baseline, slowMachine);

        Assert.Equal(GateVerdict.Inconclusive, verdict.Verdict);
        var reason = Assert.Single(verdict.Reasons);
        Assert.StartsWith("the machine ran 25% slower than during the baseline (before the measurement, the reference kernel gave 30 GFLOP/s now and 40 then", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_after_which_the_machine_was_slower_is_inconclusive()
    {
        var baseline = Run("base", 0.66, new MachineSpeedInfo(40, 40), 1);
        var changed = Run("changed", 0.66, new MachineSpeedInfo(40, 31), 3);

        var verdict = Judge(baseline, changed);

        Assert.Equal(GateVerdict.Inconclusive, verdict.Verdict);
        Assert.StartsWith("the machine ran 22.5% slower than during the baseline (after the measurement, the reference kernel gave 31 GFLOP/s now and 40 then", Assert.Single(verdict.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void At_one_speed_a_real_slowdown_is_still_a_regression_and_without_speeds_nothing_changes()
    {
        var baseline = Run("base", 0.66, new MachineSpeedInfo(40, 40.4), 1);
        var slower = Run("slower", 0.66 * 1.15, new MachineSpeedInfo(39.8, 40.1), 4);
        var unsampled = Run("unsampled", 0.66 * 1.15, null, 4);

        Assert.Equal(GateVerdict.Regression, Judge(baseline, slower).Verdict);
        Assert.Equal(GateVerdict.Regression, Judge(baseline, unsampled).Verdict);
        Assert.Equal(GateVerdict.Regression, BaselineComparison.Judge(Id, new GateBaseline("b", [baseline]), slower, GateConfig.Default with { MachineSpeedTolerance = 0 }).Verdict);
    }
}
