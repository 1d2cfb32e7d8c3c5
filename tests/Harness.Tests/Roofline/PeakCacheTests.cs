using Harness.Roofline;

namespace Harness.Tests.Roofline;

/// <summary>
/// Peaks are measured once per machine key and read back after; a target that could not be
/// probed is asked again next time; the real CPU probe measures every figure it claims.
/// </summary>
public sealed class PeakCacheTests : IDisposable
{
    private readonly string home = TestAssets.NewScratchDirectory("roofline");

    public void Dispose() => Directory.Delete(home, recursive: true);

    [Fact]
    public void Measured_peaks_are_read_from_the_cache_by_a_second_run()
    {
        var probe = new CountingProbe(available: true);

        var first = new PeakCache(home).GetOrMeasure(probe, threads: 2);
        var second = new PeakCache(home).GetOrMeasure(probe, threads: 2);
        var otherThreads = new PeakCache(home).GetOrMeasure(probe, threads: 1);

        Assert.Equal(2, probe.Measurements); // threads 2 once, threads 1 once
        Assert.Equal(first, second);
        Assert.Equal(1, otherThreads.Threads);
    }

    [Fact]
    public void An_unavailable_target_is_not_cached_and_a_damaged_file_is_measured_over()
    {
        var unavailable = new CountingProbe(available: false);
        new PeakCache(home).GetOrMeasure(unavailable, threads: 1);
        new PeakCache(home).GetOrMeasure(unavailable, threads: 1);
        Assert.Equal(2, unavailable.Measurements);

        var probe = new CountingProbe(available: true);
        new PeakCache(home).GetOrMeasure(probe, threads: 1);
        foreach (var file in Directory.GetFiles(Path.Combine(home, "roofline")))
        {
            File.WriteAllText(file, "{ not json");
        }

        var again = new PeakCache(home).GetOrMeasure(probe, threads: 1);
        Assert.Equal(2, probe.Measurements);
        Assert.True(again.IsMeasured);
    }

    [Fact]
    public void A_cache_that_cannot_be_written_still_hands_back_the_figures()
    {
        var blocked = Path.Combine(home, "blocked");
        File.WriteAllText(blocked, "a file where the cache folder would go");
        var probe = new CountingProbe(available: true);

        var peaks = new PeakCache(blocked).GetOrMeasure(probe, threads: 1);

        Assert.True(peaks.IsMeasured);
        Assert.Equal(1, probe.Measurements);
    }

    [Fact]
    public void The_CPU_probe_measures_every_figure_on_one_thread()
    {
        var peaks = new CpuPeakProbe().Measure(threads: 1);

        Assert.True(peaks.IsMeasured);
        Assert.True(peaks.Fp32Gflops > 0);
        Assert.True(peaks.Fp32GflopsOneCore > 0);
        Assert.True(peaks.BandwidthGBps > 0);
        Assert.Equal(peaks.Int8Gops is null, peaks.Int8Note.StartsWith("unsupported", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_driver_the_CUDA_probe_says_why_instead_of_failing()
    {
        if (File.Exists("/dev/nvidia0"))
        {
            return; // a GPU machine measures instead
        }

        var peaks = new CudaPeakProbe().Measure(threads: 0);

        Assert.False(peaks.IsMeasured);
        Assert.Contains("no NVIDIA", peaks.Reason, StringComparison.Ordinal);
    }

    /// <summary>A probe that counts how often it is asked to measure, so the cache's decisions can be seen.</summary>
    private sealed class CountingProbe(bool available) : IPeakProbe
    {
        public int Measurements { get; private set; }

        public string Target => "cpu";

        public string DeviceKey(int threads) => $"counting probe|{threads} threads";

        public PeakFigures Measure(int threads)
        {
            Measurements++;
            return available
                ? new PeakFigures(Target, "counting", PeakStatus.Measured, null, threads, 10, 5, null, "unsupported", 2, "none", DateTimeOffset.UnixEpoch)
                : PeakFigures.Unavailable(Target, "counting", "not here", DateTimeOffset.UnixEpoch);
        }
    }
}
