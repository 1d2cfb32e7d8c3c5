using Harness.Data.Shifts;
using Harness.Evaluate.Drift;
using Harness.Evaluate.Metrics;
using Harness.Onnx.Runtime;
using Harness.Plan;
using Harness.Results;

namespace Harness.Evaluate;

/// <summary>
/// A model's quality on its scenario's dataset, as the results file reports it: every metric
/// asked for, the first as the headline with a seeded bootstrap interval, per-slice tables with
/// the worst slice named (a variant's mean can hide a slice it breaks), and the samples it failed.
/// </summary>
public static class AccuracyEvaluation
{
    private const int FailuresListed = 10;

    public static AccuracyInfo Evaluate(InferenceSession session, AccuracySpec spec, int seed)
    {
        var opened = DatasetCatalog.Open(spec.Dataset);
        var evaluator = new Evaluator(session, opened.Task, opened.Decoder) { TextNormalization = spec.Text };
        var result = evaluator.Run(opened.Dataset, spec.BatchSize, spec.Samples);
        var metrics = spec.Metrics.Count > 0 ? spec.Metrics : opened.DefaultMetrics;
        var slices = spec.Slices.Count > 0 ? spec.Slices : opened.DefaultSlices;
        var failures = result.Failures.Take(FailuresListed).Select(f => $"{f.SampleId}: {f.Message}").ToList();
        var (headline, values, tables) = opened.Task == EvaluationTask.CtcText
            ? Summarize(result.Sequences, metrics, MetricRegistry.CreateSequence, slices, spec, seed, byLabel: null)
            : Summarize(result.Classifications, metrics, MetricRegistry.CreateClassification, slices, spec, seed, Slices.ByLabel);
        var shifts = spec.Shifts.Select(request =>
        {
            var shift = new ShiftSpec(request.Kind, request.Strength, seed);
            var shifted = evaluator.Run(new ShiftedDataset(opened.Dataset, shift), spec.BatchSize, spec.Samples);
            return opened.Task == EvaluationTask.CtcText
                ? Compare(shift, result.Sequences, shifted.Sequences, MetricRegistry.CreateSequence(metrics[0]), DriftReport.ForSequences)
                : Compare(shift, result.Classifications, shifted.Classifications, MetricRegistry.CreateClassification(metrics[0]), DriftReport.ForClassification);
        }).ToList();
        return new AccuracyInfo(
            spec.Dataset,
            opened.Task.Name(),
            result.SampleCount,
            result.SamplesPerSecond,
            headline,
            values,
            tables,
            result.Failures.Count,
            failures)
        {
            Shifts = shifts,
            Correct = opened.Task == EvaluationTask.CtcText ? null : SampleCorrectness.Encode(result.Classifications.Select(Top1Accuracy.IsCorrect).ToList()),
        };
    }

    /// <summary>
    /// The headline under a shift and its drop; PSI and KS of the model's per-sample scores when
    /// both runs answered the same samples (a sample failing only under the shift breaks the pairing).
    /// </summary>
    private static ShiftResult Compare<TPrediction>(
        ShiftSpec shift,
        IReadOnlyList<TPrediction> clean,
        IReadOnlyList<TPrediction> shifted,
        IMetric<TPrediction> metric,
        Func<IReadOnlyList<TPrediction>, IReadOnlyList<TPrediction>, IMetric<TPrediction>, int, DriftReport> report)
    {
        var value = shifted.Count > 0 ? metric.Compute(shifted) : double.NaN;
        var drop = AccuracyDrop.Between(metric.Name, metric.Direction, metric.Compute(clean), value);
        if (clean.Count != shifted.Count || shifted.Count == 0)
        {
            return new ShiftResult(shift.Kind.Name(), shift.Strength, value, drop.Absolute, null, null);
        }

        var drift = report(clean, shifted, metric, PopulationStabilityIndex.DefaultBins);
        return new ShiftResult(shift.Kind.Name(), shift.Strength, value, drop.Absolute, drift.Psi.Value, drift.KolmogorovSmirnov.Statistic);
    }

    private static (HeadlineMetric Headline, Dictionary<string, double> Values, List<SliceTable> Tables) Summarize<TPrediction>(
        IReadOnlyList<TPrediction> predictions,
        IReadOnlyList<string> metricNames,
        Func<string, IMetric<TPrediction>> create,
        IReadOnlyList<string> sliceAttributes,
        AccuracySpec spec,
        int seed,
        Func<IReadOnlyList<TPrediction>, IMetric<TPrediction>, SliceReport>? byLabel)
        where TPrediction : ISlicedPrediction
    {
        if (predictions.Count == 0)
        {
            throw new InvalidOperationException($"the model failed on every sample of {spec.Dataset}; there is nothing to score");
        }

        var metrics = metricNames.Select(create).ToList();
        var values = metrics.ToDictionary(m => m.Name, m => m.Compute(predictions));
        var first = metrics[0];
        var interval = Bootstrap.Interval(predictions, first, spec.Resamples, Bootstrap.DefaultConfidence, seed);
        var headline = new HeadlineMetric(first.Name, interval.Estimate, interval.Lower, interval.Upper, interval.Confidence, interval.Resamples, interval.Seed, first.Direction == MetricDirection.HigherIsBetter);
        var reports = sliceAttributes.Select(attribute => Slices.ByAttribute(predictions, attribute, first)).ToList();
        if (byLabel is not null)
        {
            reports.Insert(0, byLabel(predictions, first));
        }

        var tables = reports
            .Where(r => r.Groups.Count > 0)
            .Select(r => new SliceTable(
                r.Attribute,
                r.Metric,
                r.Groups.Select(g => new SliceRow(g.Key, g.Count, g.Value)).ToList(),
                r.Worst() is { } worst ? new SliceRow(worst.Key, worst.Count, worst.Value) : null))
            .ToList();
        return (headline, values, tables);
    }
}
