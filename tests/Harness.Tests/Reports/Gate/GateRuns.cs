using System.Globalization;
using System.Text;
using System.Text.Json;
using Harness.Results;
using Harness.Tests.Reports.Gate;

namespace Harness.Tests.Reports.Gate;

/// <summary>Writes results files with their samples files, as 'harness run' lays them out, from latencies a test chooses.</summary>
internal static class GateRuns
{
    public static readonly EnvironmentInfo ThisMachine = new("Linux", "Test CPU", 2, 24L << 30, ".NET 10.0.0", "1.30.0", ["CPUExecutionProvider"]);

    /// <summary>A run folder holding results.json and samples/ for one single-stream measurement per entry of <paramref name="latencies"/>.</summary>
    public static string Write(string folder, string runId, IReadOnlyDictionary<string, double[]> latencies, string scenario = "ci-gate", EnvironmentInfo? environment = null, bool valid = true, DateTimeOffset? startedAt = null, MachineSpeedInfo? speed = null)
    {
        Directory.CreateDirectory(Path.Combine(folder, "samples"));
        var measurements = new List<MeasurementResult>();
        var index = 0;
        foreach (var (id, values) in latencies)
        {
            var samplesFile = ResultsStore.SamplesFileFor(id, index++);
            var text = new StringBuilder("latency_ms,queue_ms\n");
            foreach (var value in values)
            {
                text.Append(value.ToString("0.######", CultureInfo.InvariantCulture)).Append(",0\n");
            }

            File.WriteAllText(Path.Combine(folder, samplesFile), text.ToString());
            var sorted = values.Order().ToArray();
            var p = (double q) => Harness.Statistics.Quantile.OfSorted(sorted, q);
            var parts = id.Split('/');
            measurements.Add(new MeasurementResult(
                id, parts[0], parts[1], parts[2], new LoadInfo("single-stream", 1, 1) { Percentile = 0.9 },
                valid ? MeasurementStatus.Ok : MeasurementStatus.Invalid, null,
                new LatencySummary(values.Length, values.Average(), 0, sorted[0], p(0.5), p(0.9), p(0.95), p(0.99), p(0.999), sorted[^1]),
                new ThroughputInfo(1000 / p(0.5), 1000 / p(0.5)), null, null,
                new ValidityInfo(valid, valid ? [] : ["unstable: over the last 3 windows of 100 queries, throughput varies by 30.0% and median latency by 12.0% (limit 10%)"], 64),
                samplesFile) { MachineSpeed = speed });
        }

        var started = startedAt ?? new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
        var results = new RunResults(
            RunResults.SchemaV1, runId, new ScenarioInfo(scenario, "scenarios/ci-gate.yaml", new string('a', 64)), new HarnessInfo("1.0.0", "0123abc"),
            environment ?? ThisMachine, started, started.AddMinutes(1), measurements);
        var path = Path.Combine(folder, ResultsStore.ResultsFileName);
        File.WriteAllText(path, JsonSerializer.Serialize(results, ResultsJson.Indented));
        return path;
    }

    public static double[] LogNormal(int seed, double medianMs, int n = 2000) => LatencyDistributions.LogNormalWithOutliers(new Random(seed), n, medianMs);
}
