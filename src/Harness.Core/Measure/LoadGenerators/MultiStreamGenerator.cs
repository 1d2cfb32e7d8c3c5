using Harness.Measure.Clock;
using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Measure.Targets;
using Harness.Results;

namespace Harness.Measure.LoadGenerators;

/// <summary>LoadGen's MultiStream: N samples every interval (<see cref="MultiStreamLoad"/>), through the batcher if there is one.</summary>
public sealed class MultiStreamGenerator : ILoadGenerator
{
    public MeasurementResult Run(LoadContext context, IDeployedModel model)
    {
        var load = context.Load;
        using var serving = model.Serve(load.Batcher?.MaxBatch ?? 1);
        LoadResults.WarmUp(serving.System, context.Rules.WarmupQueries);
        context.ReportPhase("measuring");
        var run = MultiStreamLoad.Run(new StopwatchClock(), serving.System, load.SamplesPerQuery, load.Interval!.Value, load.Batcher, context.Rules);
        var analysis = RunAnalyzer.Analyze(run, load.Percentile, null, context.Rules);
        var result = LoadResults.Measured(context, run, analysis, serving.ColdStart);
        return result with
        {
            Load = result.Load with { SamplesPerQuery = load.SamplesPerQuery, Generator = LoadResults.InlineGenerator(context.Job) },
            LatencyBreakdownMs = analysis.Breakdown,
        };
    }
}
