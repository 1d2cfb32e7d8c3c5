using Harness.Measure.Clock;
using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Measure.Targets;
using Harness.Plan;
using Harness.Results;

namespace Harness.Measure.LoadGenerators;

/// <summary>
/// Single-stream and offline: one query after another at the job's batch size, through the
/// zero-allocation <see cref="MeasurementLoop"/>, until the minimums are met.
/// </summary>
public sealed class ClosedLoopGenerator : ILoadGenerator
{
    public MeasurementResult Run(LoadContext context, IDeployedModel model) =>
        model.MeasureClosedLoop(context.Job.BatchSize, new Measurement(context));

    /// <summary>
    /// The result of a closed loop's latencies, timed from <paramref name="start"/>: single-stream
    /// claims its latency percentile, offline reports throughput only. Shared with the loops
    /// measured in turns (<see cref="TurnTakingMeasurer"/>).
    /// </summary>
    public static MeasurementResult Result(LoadContext context, LoopOutcome outcome, long start, ColdStartInfo coldStart)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.Job;
        var percentile = context.Load.Kind == LoadKind.SingleStream ? context.Load.Percentile : (double?)null;
        var run = new LoadRun(RequestLog.FromClosedLoop(outcome.Samples, start), job.BatchSize, 1, null, 0, outcome.Count, outcome.Stop != LoopStop.MinimumsMet, outcome.ElapsedTicks);
        return LoadResults.Measured(context, run, RunAnalyzer.Analyze(run, percentile, null, job.Rules), coldStart);
    }

    private sealed class Measurement(LoadContext context) : IClosedLoopMeasurement<MeasurementResult>
    {
        public MeasurementResult Measure<TQuery>(ref TQuery query, ColdStartInfo coldStart)
            where TQuery : struct, IQuery
        {
            var job = context.Job;
            var clock = new StopwatchClock();
            context.ReportPhase("warm-up");
            MeasurementLoop.WarmUp(ref query, job.Rules.WarmupQueries);
            context.ReportPhase("measuring");
            var start = clock.GetTimestamp();
            var outcome = MeasurementLoop.Run(ref query, clock, job.Rules);
            context.ReportPhase("summarising");
            return Result(context, outcome, start, coldStart);
        }
    }
}
