namespace Harness.Measure.Loads;

/// <summary>
/// Per-request timestamps of one load run, in <see cref="System.Diagnostics.Stopwatch"/> ticks,
/// in preallocated arrays. Latency is counted from <see cref="Scheduled"/>, so a system that falls
/// behind shows its queueing instead of hiding it.
/// </summary>
public sealed class RequestLog(int capacity)
{
    public long[] Scheduled { get; } = new long[capacity];

    public long[] Started { get; } = new long[capacity];

    public long[] Completed { get; } = new long[capacity];

    /// <summary>How late the harness started a request it could have started on time (its own timing error).</summary>
    public long[] Lag { get; } = new long[capacity];

    public int Count { get; private set; }

    public int Capacity => Scheduled.Length;

    public void Record(long scheduled, long started, long completed, long lag)
    {
        var i = Count++;
        Scheduled[i] = scheduled;
        Started[i] = started;
        Completed[i] = completed;
        Lag[i] = lag;
    }

    /// <summary>Stores request <paramref name="index"/> directly (closed-loop clients fill slots concurrently).</summary>
    public void RecordAt(int index, long scheduled, long started, long completed)
    {
        Scheduled[index] = scheduled;
        Started[index] = started;
        Completed[index] = completed;
    }

    /// <summary>Declares the first <paramref name="count"/> slots filled (after concurrent clients stop).</summary>
    public void SetCount(int count) => Count = count;

    /// <summary>
    /// A back-to-back closed loop's log rebuilt from its latencies alone: each query starts when
    /// the previous one completes (the loop's own gap between them is a few nanoseconds).
    /// </summary>
    public static RequestLog FromClosedLoop(ReadOnlySpan<long> latencies, long start)
    {
        var log = new RequestLog(latencies.Length);
        var at = start;
        foreach (var latency in latencies)
        {
            log.Record(at, at, at + latency, 0);
            at += latency;
        }

        return log;
    }
}
