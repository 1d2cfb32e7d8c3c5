using Harness.Measure.Clock;
using Harness.Measure.Loads;
using Harness.Measure.Targets;
using Harness.Results;

namespace Harness.Measure.LoadGenerators;

/// <summary>Closed-loop clients at growing counts (<see cref="ConcurrencySweep"/>); the result is the step with the most throughput.</summary>
public sealed class ConcurrencySweepGenerator : ILoadGenerator
{
    public MeasurementResult Run(LoadContext context, IDeployedModel model)
    {
        using var serving = model.Serve(context.Job.BatchSize);
        LoadResults.WarmUp(serving.System, context.Rules.WarmupQueries);
        var steps = ConcurrencySweep.Run(new StopwatchClock(), serving.System, context.Load, context.Rules, phase => context.ReportPhase("measuring " + phase));
        var best = steps.MaxBy(s => s.Analysis.Throughput.QueriesPerSec)!;
        var probes = steps.Select((s, i) => LoadResults.Probe(i, null, s.Clients, s.Analysis)).ToList();
        return LoadResults.Measured(context, best.Run, best.Analysis, serving.ColdStart, probes);
    }
}
