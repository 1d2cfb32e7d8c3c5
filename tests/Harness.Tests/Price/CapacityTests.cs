using Harness.Price;
using Harness.Results;

namespace Harness.Tests.Price;

/// <summary>Which measurement a unit's sustainable rate comes from.</summary>
public sealed class CapacityTests
{
    private static MeasurementResult Measured(string load, int batch, double samplesPerSec, string status = MeasurementStatus.Ok, SloInfo? slo = null, double? achieved = null, double p99 = 5) =>
        new($"m/fp32/cpu/{load}-{batch}", "m", "fp32", "cpu", new LoadInfo(load, batch, 1) { AchievedQps = achieved }, status, null,
            new LatencySummary(100, 1, 0.1, 1, 1, 1, 1, p99, p99, p99), new ThroughputInfo(samplesPerSec / batch, samplesPerSec), null, null,
            new ValidityInfo(status == MeasurementStatus.Ok, []), null)
        {
            Slo = slo,
        };

    [Fact]
    public void A_server_peak_that_met_its_slo_comes_first()
    {
        var capacity = Capacity.Of([
            Measured("single-stream", 1, 200, p99: 6),
            Measured("offline", 4, 600),
            Measured("server", 1, 470, slo: new SloInfo(20, 0.99, 18.5, true), achieved: 480, p99: 18.5),
        ])!;

        Assert.Equal(480, capacity.InferencesPerSecond);
        Assert.Equal("server peak under a 20 ms p99", capacity.Basis);
        Assert.Equal(18.5, capacity.P99Ms);
        Assert.True(capacity.Valid);
    }

    [Fact]
    public void Without_a_server_peak_the_best_offline_batch_counts_and_single_stream_gives_the_p99()
    {
        var capacity = Capacity.Of([
            Measured("single-stream", 1, 200, p99: 6),
            Measured("offline", 4, 600),
            Measured("offline", 16, 750),
            Measured("server", 1, 300, slo: new SloInfo(20, 0.99, 35, false), achieved: 300),
        ])!;

        Assert.Equal(750, capacity.InferencesPerSecond);
        Assert.Equal("offline throughput at batch 16", capacity.Basis);
    }

    [Fact]
    public void A_valid_run_beats_a_faster_invalid_one_and_only_invalid_runs_are_flagged()
    {
        Assert.Equal(200, Capacity.Of([Measured("single-stream", 1, 200), Measured("offline", 4, 900, MeasurementStatus.Invalid)])!.InferencesPerSecond);
        Assert.False(Capacity.Of([Measured("offline", 4, 900, MeasurementStatus.Invalid)])!.Valid);
        Assert.Null(Capacity.Of([Measured("offline", 4, 900, MeasurementStatus.Failed)]));
    }
}
