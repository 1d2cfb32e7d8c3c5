using Harness.Measure.Clock;
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
    public static IReadOnlyList<SweepStep> Run<TClock>(TClock clock, ISystemUnderTest system, LoadSpec load, RunRules rules, Action<string>? report = null)
        where TClock : struct, IClock
    {
        var steps = new List<SweepStep>();
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

                var run = ClosedLoopClients.Run(clock, clients, rules);
                steps.Add(new SweepStep(count, run, RunAnalyzer.Analyze(run, load.Percentile, null, rules)));
                if (Saturated(steps.Select(s => s.Analysis.Throughput.QueriesPerSec).ToList(), load.MinGain))
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

    /// <summary>True when each of the last two steps gained less throughput than <paramref name="minGain"/> over the one before.</summary>
    public static bool Saturated(IReadOnlyList<double> throughputs, double minGain)
    {
        if (throughputs.Count < 3)
        {
            return false;
        }

        static double Gain(double before, double after) => (after / before) - 1;
        return Gain(throughputs[^3], throughputs[^2]) < minGain && Gain(throughputs[^2], throughputs[^1]) < minGain;
    }
}
