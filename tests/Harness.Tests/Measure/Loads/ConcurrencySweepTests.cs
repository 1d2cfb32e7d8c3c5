using Harness.Measure.Loads;
using Harness.Measure.Sut;
using Harness.Plan;

namespace Harness.Tests.Measure.Loads;

[Collection(Execute.WorkerProcessCollection.Name)]
public sealed class ConcurrencySweepTests
{
    /// <summary>A system that serves one request at a time whatever the number of clients: throughput cannot grow (beyond noise, which the 25% minimum gain absorbs on a busy machine).</summary>
    private sealed class SerialSystem : ISystemUnderTest
    {
        private readonly object gate;
        private readonly ServiceTimeSystem inner = new(TimeSpan.FromMilliseconds(1));

        public SerialSystem(object? gate = null) => this.gate = gate ?? new object();

        public int MaxBatch => 1;

        public void Infer(long first, int count)
        {
            lock (gate)
            {
                inner.Infer(first, count);
            }
        }

        public ISystemUnderTest CreateClient() => new SerialSystem(gate);

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
        using var system = new SerialSystem();
        var load = new LoadSpec(LoadKind.ConcurrencySweep, [1], 0.99, Clients: [1, 2, 4, 8, 16], MinGain: 0.25);

        var steps = ConcurrencySweep.Run(system, load, Rules);

        // Timing on a busy machine is noisy, so check the sweep obeyed its rule on what it measured:
        // it stopped at the first step where the rule held (or ran out of client counts).
        var throughputs = steps.Select(s => s.Analysis.Throughput.QueriesPerSec).ToList();
        Assert.True(steps.Count >= 3);
        for (var n = 3; n < steps.Count; n++)
        {
            Assert.False(ConcurrencySweep.Saturated(throughputs[..n], load.MinGain), $"should have stopped after {n} steps: {string.Join(", ", throughputs)}");
        }

        Assert.True(steps.Count == 5 || ConcurrencySweep.Saturated(throughputs, load.MinGain));
        // Latency grows with clients while throughput stays put: the queue is all that grows.
        // Little's law: mean latency = clients / throughput (the lock is unfair, so medians say little).
        Assert.True(steps[2].Analysis.Latency.Mean > steps[0].Analysis.Latency.Mean * 2.5);
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
        var systems = Enumerable.Range(0, 3).Select(_ => (ISystemUnderTest)new ServiceTimeSystem(TimeSpan.FromMilliseconds(1))).ToList();
        var run = ClosedLoopClients.Run(systems, Rules);
        var seen = systems.SelectMany(s => ((ServiceTimeSystem)s).Batches.Select(b => b.First)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, run.Log.Count).Select(i => (long)i), seen);
        Assert.Equal(3, run.Concurrency);
        Assert.All(Enumerable.Range(0, run.Log.Count), i => Assert.True(run.Log.Completed[i] > run.Log.Started[i]));
    }
}
