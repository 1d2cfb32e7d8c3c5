using Harness.Measure.Clock;
using Harness.Measure.LoadGenerators;
using Harness.Measure.Targets;
using Harness.Plan;
using Harness.Results;
using Harness.Roofline;

namespace Harness.Measure;

/// <summary>
/// Measures two jobs of one closed loop (single-stream or offline) in turns inside one worker:
/// both models deployed, both warmed up, then <see cref="TurnTakingLoop"/>. Each side's result is
/// what a run of it alone would hold (latencies, samples file, validity, cold start), and both
/// carry the same machine-speed samples, taken around the whole of it.
/// </summary>
public static class TurnTakingMeasurer
{
    /// <summary>Whether a load can be measured in turns: one query at a time, nothing scheduled.</summary>
    public static bool Supports(LoadKind kind) => kind is LoadKind.SingleStream or LoadKind.Offline;

    public static (MeasurementResult First, MeasurementResult Second) Measure(
        MeasurementJob first, string firstSamplesPath, MeasurementJob second, string secondSamplesPath, Action<string> reportPhase)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (!Supports(first.Load.Kind) || !Supports(second.Load.Kind))
        {
            throw new ArgumentException($"only single-stream and offline loads are measured in turns, not {first.LoadName} and {second.LoadName}");
        }

        reportPhase("loading");
        using var firstModel = TargetTable.For(first.Target.Device).Deploy(first, reportPhase);
        using var secondModel = TargetTable.For(second.Target.Device).Deploy(second, reportPhase);
        var speedBefore = MachineSpeed.Sample();
        var measured = firstModel.MeasureClosedLoop(
            first.BatchSize,
            new FirstSide(new LoadContext(first, firstSamplesPath, reportPhase), secondModel, new LoadContext(second, secondSamplesPath, reportPhase)));
        var speed = new MachineSpeedInfo(speedBefore, MachineSpeed.Sample());
        return (JobMeasurer.Describe(first, measured.First, firstModel, speed), JobMeasurer.Describe(second, measured.Second, secondModel, speed));
    }

    /// <summary>Handed the first model's query; asks the second model for its own, then takes turns.</summary>
    private sealed class FirstSide(LoadContext first, IDeployedModel secondModel, LoadContext second) : IClosedLoopMeasurement<(MeasurementResult First, MeasurementResult Second)>
    {
        public (MeasurementResult First, MeasurementResult Second) Measure<TFirst>(ref TFirst query, ColdStartInfo coldStart)
            where TFirst : struct, IQuery =>
            secondModel.MeasureClosedLoop(second.Job.BatchSize, new SecondSide<TFirst>(query, coldStart, first, second));
    }

    private sealed class SecondSide<TFirst>(TFirst firstQuery, ColdStartInfo firstColdStart, LoadContext first, LoadContext second)
        : IClosedLoopMeasurement<(MeasurementResult First, MeasurementResult Second)>
        where TFirst : struct, IQuery
    {
        // A copy of the first side's query: the first side's own is not used while this one runs.
        private TFirst firstQuery = firstQuery;

        public (MeasurementResult First, MeasurementResult Second) Measure<TSecond>(ref TSecond query, ColdStartInfo coldStart)
            where TSecond : struct, IQuery
        {
            var clock = new StopwatchClock();
            first.ReportPhase("warm-up");
            MeasurementLoop.WarmUp(ref firstQuery, first.Job.Rules.WarmupQueries);
            MeasurementLoop.WarmUp(ref query, second.Job.Rules.WarmupQueries);
            first.ReportPhase("measuring in turns");
            var start = clock.GetTimestamp();
            var outcome = TurnTakingLoop.Run(ref firstQuery, ref query, clock, first.Job.Rules);
            first.ReportPhase("summarising");
            return (
                ClosedLoopGenerator.Result(first, outcome.First, start, firstColdStart) with { TurnStarts = outcome.FirstTurnStarts },
                ClosedLoopGenerator.Result(second, outcome.Second, start, coldStart) with { TurnStarts = outcome.SecondTurnStarts });
        }
    }
}
