using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.Onnx.Runtime;
using Harness.Measure.Statistics;
using Harness.Plan;
using Harness.Results;

namespace Harness.Measure;

/// <summary>
/// Measures one job inside a worker process: cold start (session creation, first inference),
/// warm-up, then the timed loop over pre-bound inputs, then statistics after the clock stops.
/// </summary>
public static class JobMeasurer
{
    public static MeasurementResult Measure(MeasurementJob job, string samplesPath, Action<string> reportPhase)
    {
        reportPhase("loading");
        var library = OrtLibrary.Shared;
        using var environment = library.CreateEnvironment();
        using var options = SessionFactory.CreateOptions(library, job.Target);

        var createStart = Stopwatch.GetTimestamp();
        using var session = InferenceSession.FromFile(environment, job.Model.Path, options);
        var sessionCreate = Stopwatch.GetElapsedTime(createStart);

        var inputs = InputResolver.Resolve(session.Inputs, job.Model, job.BatchSize);
        var tensors = inputs.Select(TensorFactory.Create).ToList();
        try
        {
            using var run = session.Prepare(
                inputs.Select(i => i.Name).ToList(),
                tensors,
                session.Outputs.Select(o => o.Name).ToList());
            var query = new SessionQuery(run);

            var firstStart = Stopwatch.GetTimestamp();
            query.Issue();
            var firstInference = Stopwatch.GetElapsedTime(firstStart);

            reportPhase("warm-up");
            MeasurementLoop.WarmUp(ref query, job.Rules.WarmupQueries);
            reportPhase("measuring");
            var outcome = MeasurementLoop.Run(ref query, job.Rules);
            reportPhase("summarising");

            WriteSamples(samplesPath, outcome.Samples);
            var latency = LatencyStatistics.Summarize(outcome.Samples);
            var validity = Judge(outcome, job.Rules);
            var seconds = outcome.Elapsed.TotalSeconds;
            return new MeasurementResult(
                job.Id,
                job.Model.Name,
                job.Variant,
                job.Target.Name,
                new LoadInfo(job.LoadName, job.BatchSize, 1),
                validity.Valid ? MeasurementStatus.Ok : MeasurementStatus.Invalid,
                null,
                latency,
                new ThroughputInfo(outcome.Count / seconds, outcome.Count * job.BatchSize / seconds),
                new ColdStartInfo(sessionCreate.TotalMilliseconds, firstInference.TotalMilliseconds),
                new MemoryInfo(ProcessMemory.PeakResidentBytes()),
                validity,
                samplesPath);
        }
        finally
        {
            foreach (var tensor in tensors)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>A run is valid only when both minimums were met; otherwise the reasons say which and why it stopped.</summary>
    public static ValidityInfo Judge(LoopOutcome outcome, RunRules rules)
    {
        var reasons = new List<string>();
        var why = outcome.Stop switch
        {
            LoopStop.MaxDuration => $"stopped at max_duration {Quantities.FormatDuration(rules.MaxDuration)}",
            LoopStop.MaxQueries => $"stopped at max_queries {rules.MaxQueries}",
            _ => string.Empty,
        };
        if (outcome.Count < rules.MinQueries)
        {
            reasons.Add($"ran {outcome.Count} queries, fewer than min_queries {rules.MinQueries} ({why})");
        }

        if (outcome.Elapsed < rules.MinDuration)
        {
            reasons.Add($"ran {Quantities.FormatDuration(outcome.Elapsed)}, shorter than min_duration {Quantities.FormatDuration(rules.MinDuration)} ({why})");
        }

        return new ValidityInfo(reasons.Count == 0, reasons);
    }

    /// <summary>Raw per-request latencies, one per line in milliseconds, so any tool can re-analyse them.</summary>
    private static void WriteSamples(string path, ReadOnlySpan<long> ticks)
    {
        var toMs = 1000.0 / Stopwatch.Frequency;
        var text = new StringBuilder(ticks.Length * 10);
        text.Append("latency_ms\n");
        foreach (var t in ticks)
        {
            text.Append((t * toMs).ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text.ToString());
    }

    private readonly struct SessionQuery(PreparedRun run) : IQuery
    {
        public void Issue() => run.Invoke();
    }
}
