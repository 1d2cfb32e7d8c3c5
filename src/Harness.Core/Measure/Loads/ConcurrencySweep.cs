using Harness.Measure.Statistics;
using Harness.Measure.Sut;
using Harness.Plan;

namespace Harness.Measure.Loads;

/// <summary>One step of a concurrency sweep.</summary>
public sealed record SweepStep(int Clients, LoadRun Run, RunAnalysis Analysis);

/// <summary>
/// Runs closed-loop clients at each count in turn, giving the throughput–latency curve, and stops
/// once two steps in a row gain less throughput than the minimum gain (more clients then only add
/// queueing, as Triton's Model Analyzer concludes).
/// </summary>
public static class ConcurrencySweep
{
    public static IReadOnlyList<SweepStep> Run(ISystemUnderTest system, LoadSpec load, RunRules rules, Action<string>? report = null)
    {
        var steps = new List<SweepStep>();
        var flat = 0;
        foreach (var count in load.Clients ?? [1])
        {
            report?.Invoke($"{count} clients");
            var clients = new List<ISystemUnderTest> { system };
            try
            {
                while (clients.Count < count)
                {
                    clients.Add(system.CreateClient());
                }

                var run = ClosedLoopClients.Run(clients, rules);
                var step = new SweepStep(count, run, RunAnalyzer.Analyze(run, load.Percentile, null, rules));
                if (steps.Count > 0)
                {
                    var gain = (step.Analysis.Throughput.QueriesPerSec / steps[^1].Analysis.Throughput.QueriesPerSec) - 1;
                    flat = gain < load.MinGain ? flat + 1 : 0;
                }

                steps.Add(step);
                if (flat >= 2)
                {
                    break;
                }
            }
            finally
            {
                foreach (var extra in clients.Skip(1))
                {
                    extra.Dispose();
                }
            }
        }

        return steps;
    }
}
