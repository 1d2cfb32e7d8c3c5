using System.Diagnostics;
using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Plan;

namespace Harness.Tests.Measure.Statistics;

/// <summary>
/// The open-loop stability rule checked by simulation: seeded Server runs in simulated time
/// (<see cref="QueueSimulation"/>), thousands of them, so the rule's error rates are measured, not
/// argued.
/// </summary>
public sealed class OpenLoopStabilityTests
{
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(5);

    private static double UnstableFraction(double qps, Func<Random, int, double> service, int runs, int maxBatch = 1, TimeSpan maxQueueDelay = default)
    {
        var unstable = 0;
        for (var seed = 1; seed <= runs; seed++)
        {
            var run = QueueSimulation.Server(qps, service, Run, seed, maxBatch, maxQueueDelay);
            unstable += OpenLoopStability.Judge(run.Log, qps, Stopwatch.Frequency) is null ? 0 : 1;
        }

        return unstable / (double)runs;
    }

    /// <summary>
    /// A no-op target at 300 qps answers instantly, so it is as steady as a system can be; under the
    /// old ±10% window rule 4 of 10 seeds came out unstable, from the Poisson arrivals alone.
    /// </summary>
    [Fact]
    public void Should_Call_An_Instant_System_Unstable_At_Most_At_The_Stated_Level()
    {
        var fraction = UnstableFraction(300, QueueSimulation.Fixed(TimeSpan.FromMicroseconds(1)), runs: 2000);
        Assert.True(fraction <= OpenLoopStability.Significance, $"{fraction:P2} of steady runs called unstable");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Should_Call_A_Steady_Queue_Unstable_At_Most_At_The_Stated_Level(double utilisation)
    {
        // 2 ms per query: capacity 500 qps.
        var fraction = UnstableFraction(utilisation * 500, QueueSimulation.Fixed(TimeSpan.FromMilliseconds(2)), runs: 1000);
        Assert.True(fraction <= OpenLoopStability.Significance, $"{fraction:P2} of steady runs at utilisation {utilisation} called unstable");
    }

    /// <summary>
    /// At 90% a steady queue remembers its state for about a second, so window means are not
    /// independent and the trend test errs a little more often; a peak search re-runs such a probe.
    /// </summary>
    [Fact]
    public void Should_Rarely_Call_A_Steady_Queue_Near_Capacity_Unstable()
    {
        var fraction = UnstableFraction(450, QueueSimulation.Fixed(TimeSpan.FromMilliseconds(2)), runs: 1000);
        Assert.True(fraction <= 2 * OpenLoopStability.Significance, $"{fraction:P2} of steady runs at utilisation 0.9 called unstable");
    }

    /// <summary>A batch's queries complete together; a batch straddling a window's edge must not look like a stall.</summary>
    [Fact]
    public void Should_Call_A_Steady_Batched_System_Unstable_At_Most_At_The_Stated_Level()
    {
        // Up to 16 per batch, 4 ms delay, 1 ms + 0.1 ms per query: about 40% busy at 1,000 qps.
        var fraction = UnstableFraction(1000, (_, size) => 0.001 + (0.0001 * size), runs: 1000, maxBatch: 16, maxQueueDelay: TimeSpan.FromMilliseconds(4));
        Assert.True(fraction <= OpenLoopStability.Significance, $"{fraction:P2} of steady batched runs called unstable");
    }

    [Theory]
    [InlineData(1.1, 0.98)]
    [InlineData(1.3, 1.0)]
    [InlineData(2.0, 1.0)]
    public void Should_Flag_A_Growing_Queue(double utilisation, double atLeast)
    {
        var fraction = UnstableFraction(utilisation * 500, QueueSimulation.Fixed(TimeSpan.FromMilliseconds(2)), runs: 200);
        Assert.True(fraction >= atLeast, $"only {fraction:P1} of runs offered {utilisation}× capacity were flagged");
    }

    [Fact]
    public void Should_Say_The_Queue_Was_Growing()
    {
        var run = QueueSimulation.Server(600, QueueSimulation.Fixed(TimeSpan.FromMilliseconds(2)), Run, seed: 1);
        var reason = OpenLoopStability.Judge(run.Log, 600, Stopwatch.Frequency);
        Assert.NotNull(reason);
        Assert.Contains("mean latency rose", reason, StringComparison.Ordinal);
    }

    /// <summary>A system that stops answering for a second and then catches up leaves a window short of completions.</summary>
    [Fact]
    public void Should_Flag_A_Stall()
    {
        var calls = 0;
        var stalled = QueueSimulation.Server(300, (_, _) => ++calls == 700 ? 1.0 : 0.0005, Run, seed: 3);
        var reason = OpenLoopStability.Judge(stalled.Log, 300, Stopwatch.Frequency);
        Assert.NotNull(reason);
    }

    [Fact]
    public void Should_Not_Judge_A_Run_Too_Short_To_Judge()
    {
        var run = QueueSimulation.Server(100, QueueSimulation.Fixed(TimeSpan.FromMilliseconds(30)), TimeSpan.FromSeconds(1), seed: 1);
        Assert.True(run.Log.Count < OpenLoopStability.Windows * OpenLoopStability.MinPerWindow);
        Assert.Null(OpenLoopStability.Judge(run.Log, 100, Stopwatch.Frequency));
    }

    /// <summary>Through the analyzer: a Server run is judged by this rule, whatever the closed-loop tolerance says.</summary>
    [Fact]
    public void Should_Be_The_Rule_The_Analyzer_Applies_To_Open_Loops()
    {
        var rules = RunRules.Defaults with { MinDuration = TimeSpan.FromSeconds(1), StabilityTolerance = 0.0 };
        var steady = QueueSimulation.Server(300, QueueSimulation.Fixed(TimeSpan.FromMilliseconds(1)), Run, seed: 4);
        var analysis = RunAnalyzer.Analyze(steady, 0.99, TimeSpan.FromMilliseconds(20), rules);
        Assert.True(analysis.Validity.Valid, string.Join("; ", analysis.Validity.Reasons));

        var growing = QueueSimulation.Server(600, QueueSimulation.Fixed(TimeSpan.FromMilliseconds(2)), Run, seed: 4);
        Assert.Contains(RunAnalyzer.Analyze(growing, 0.99, null, rules).Validity.Reasons, r => r.StartsWith("unstable:", StringComparison.Ordinal));
    }
}
