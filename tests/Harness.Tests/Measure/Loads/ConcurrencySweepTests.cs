using Harness.Measure.Clock;
using Harness.Measure.Loads;
using Harness.Measure.Sut;
using Harness.Plan;
using Harness.Tests.Measure.Clock;

namespace Harness.Tests.Measure.Loads;

public sealed class ConcurrencySweepTests
{
    /// <summary>
    /// One server answering one request at a time, 1 ms each, on simulated time, for clients on
    /// their own threads: the usual discrete-event model of a closed queue. Each client thread
    /// keeps its own clock, which moves only while it waits for an answer; a request starts when
    /// both its client and the server are free. A step's clients all start at the step's start
    /// (when the load, on the test's thread, reads the clock), so how the threads happen to be
    /// scheduled changes nothing that is measured.
    /// </summary>
    private sealed class SerialServer : IDisposable
    {
        private static readonly long ServiceTicks = Duration.FromMilliseconds(1).Ticks;
        private readonly int loadThread = Environment.CurrentManagedThreadId;
        private readonly object gate = new();
        private readonly ThreadLocal<long> clientNow;
        private long freeAt;
        private long stepStart;

        public SerialServer() => clientNow = new ThreadLocal<long>(() => Interlocked.Read(ref stepStart));

        public long Now() => Environment.CurrentManagedThreadId == loadThread
            ? Interlocked.Exchange(ref stepStart, Interlocked.Read(ref freeAt))
            : clientNow.Value;

        public long WaitUntil(long deadline) => Math.Max(Now(), deadline);

        public void Serve()
        {
            lock (gate)
            {
                freeAt = Math.Max(clientNow.Value, freeAt) + ServiceTicks;
                clientNow.Value = freeAt;
            }
        }

        public void Dispose() => clientNow.Dispose();
    }

    private readonly struct ServerClock(SerialServer server) : IClock
    {
        public long GetTimestamp() => server.Now();

        public long WaitUntil(long deadline) => server.WaitUntil(deadline);
    }

    /// <summary>One client's handle on the serial server: throughput cannot grow with clients, only the queue.</summary>
    private sealed class SerialSystem(SerialServer server) : ISystemUnderTest
    {
        public int MaxBatch => 1;

        public void Infer(long first, int count) => server.Serve();

        public ISystemUnderTest CreateClient() => new SerialSystem(server);

        public void Dispose()
        {
        }
    }

    private static readonly RunRules Rules = RunRules.Defaults with
    {
        MinDuration = TimeSpan.FromMilliseconds(300),
        MinQueries = 64,
        MaxDuration = TimeSpan.FromSeconds(5),
        StabilityTolerance = 1000,
    };

    [Fact]
    public void Should_Stop_After_Two_Steps_Without_Throughput_Gain()
    {
        using var server = new SerialServer();
        using var system = new SerialSystem(server);
        var load = new LoadSpec(LoadKind.ConcurrencySweep, [1], 0.99, Clients: [1, 2, 4, 8, 16], MinGain: 0.25);

        var steps = ConcurrencySweep.Run(new ServerClock(server), system, load, Rules);

        // 1, 2 and 4 clients all get the server's 1000 answers a second: two steps without gain.
        Assert.Equal([1, 2, 4], steps.Select(s => s.Clients));
        Assert.All(steps, s => Assert.InRange(s.Analysis.Throughput.QueriesPerSec, 990, 1000.001));
        // Latency grows with clients while throughput stays put: the queue is all that grows.
        // Little's law: mean latency = clients / throughput.
        Assert.All(steps, s => Assert.InRange(s.Analysis.Latency.Mean, s.Clients * 0.97, s.Clients * 1.001));
    }

    [Theory]
    [InlineData(new[] { 100.0, 104, 106 }, true)]
    [InlineData(new[] { 100.0, 150, 152, 153 }, true)]
    [InlineData(new[] { 100.0, 104, 120 }, false)]
    [InlineData(new[] { 100.0, 200, 201 }, false)]
    [InlineData(new[] { 100.0, 101 }, false)]
    public void Should_Call_Saturation_After_Two_Flat_Steps_In_A_Row(double[] throughputs, bool saturated) =>
        Assert.Equal(saturated, ConcurrencySweep.Saturated(throughputs, 0.05));

    [Fact]
    public void Should_Answer_Every_Request_Once_Across_Clients()
    {
        var time = new SimulatedTime();
        var systems = Enumerable.Range(0, 3).Select(_ => (ISystemUnderTest)new ServiceTimeSystem(time, TimeSpan.FromMilliseconds(1))).ToList();
        var run = ClosedLoopClients.Run(time.Clock, systems, Rules);
        var seen = systems.SelectMany(s => ((ServiceTimeSystem)s).Batches.Select(b => b.First)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, run.Log.Count).Select(i => (long)i), seen);
        Assert.Equal(3, run.Concurrency);
        Assert.All(Enumerable.Range(0, run.Log.Count), i => Assert.True(run.Log.Completed[i] > run.Log.Started[i]));
        // The client whose answer met both minimums stopped the run; the others finished what they had started.
        Assert.False(run.HitLimit);
        Assert.InRange(run.Log.Count, Rules.MinQueries, 300 + 3);
    }

    [Fact]
    public void Should_Stop_At_The_Maximum_Duration_When_The_Minimums_Cannot_Be_Met()
    {
        var time = new SimulatedTime();
        var rules = Rules with { MinQueries = 10_000, MaxDuration = TimeSpan.FromSeconds(1) };
        var systems = Enumerable.Range(0, 2).Select(_ => (ISystemUnderTest)new ServiceTimeSystem(time, TimeSpan.FromMilliseconds(10))).ToList();
        var run = ClosedLoopClients.Run(time.Clock, systems, rules);
        Assert.True(run.HitLimit);
        // Simulated time advances by every client's service, 10 ms a request: about 100 fit in a second.
        Assert.InRange(run.Log.Count, 100, 100 + 2);
    }
}
