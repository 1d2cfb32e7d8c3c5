using Harness.Measure.Clock;

namespace Harness.Measure.Loads;

/// <summary>
/// Arrival times of a Poisson process: exponential gaps with mean 1/qps, from a seeded generator,
/// so the same seed gives the same schedule on every run and machine.
/// </summary>
public static class PoissonSchedule
{
    /// <summary>Offsets from the run's start, in clock ticks, of <paramref name="count"/> arrivals.</summary>
    public static long[] Offsets(double qps, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        var random = new Random(seed);
        var offsets = new long[count];
        var seconds = 0.0;
        for (var i = 0; i < count; i++)
        {
            // Inverse transform: -ln(U)/λ is exponential with rate λ; 1 - U keeps the argument in (0, 1].
            seconds += -Math.Log(1.0 - random.NextDouble()) / qps;
            offsets[i] = Duration.FromSeconds(seconds).Ticks;
        }

        return offsets;
    }
}
