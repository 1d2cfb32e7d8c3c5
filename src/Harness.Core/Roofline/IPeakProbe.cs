namespace Harness.Roofline;

/// <summary>
/// Measures what a target's hardware allows: fp32 FMA and int8 throughput and memory bandwidth.
/// One implementation per kind of processor (<see cref="CpuPeakProbe"/>, <see cref="CudaPeakProbe"/>).
/// </summary>
public interface IPeakProbe
{
    /// <summary>The target kind this probe measures, as results name it (<c>cpu</c>, <c>cuda</c>).</summary>
    string Target { get; }

    /// <summary>The cache key's device part: which processor, and anything that changes its peaks.</summary>
    string DeviceKey(int threads);

    /// <summary>Measures the peaks, or says the target is unavailable and why; never throws for a missing device.</summary>
    /// <param name="threads">Threads the target's jobs use (CPU); ignored by GPU probes.</param>
    PeakFigures Measure(int threads);
}
