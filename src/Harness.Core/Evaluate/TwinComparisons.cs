using Harness.Evaluate.Metrics;
using Harness.Plan;
using Harness.Plan.Reading;
using Harness.Results;

namespace Harness.Evaluate;

/// <summary>
/// Whether distillation helped: each distilled student's accuracy job gets its top-1 minus its
/// hard-label twin's on the same target, with a paired bootstrap interval over the samples both
/// were scored on (seeded as the student's own headline interval). A pair that was not scored on
/// the same samples (another dataset or count, a sample either failed on) is left without one.
/// </summary>
public static class TwinComparisons
{
    /// <summary>Each distilled variant that has a twin, by model, with its twin's name.</summary>
    public static IReadOnlyList<(string Model, string Student, string Twin)> PairsOf(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return [.. scenario.Models.SelectMany(model => model.Variants
            .Where(v => v.Distillation is { Twin: true, HardLabelsOnly: false })
            .Select(v => (model.Name, v.Name, Twin: v.Name + DistillationReader.TwinSuffix))
            .Where(p => model.Variants.Any(t => t.Name == p.Twin)))];
    }

    public static IReadOnlyList<MeasurementResult> Apply(IReadOnlyList<MeasurementResult> measurements, IReadOnlyList<(string Model, string Student, string Twin)> pairs)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return measurements;
        }

        var accuracy = measurements.Where(m => m.Accuracy is not null).ToLookup(m => (m.Model, m.Variant, m.Target));
        return [.. measurements.Select(m =>
        {
            if (m.Accuracy is not { } student || pairs.FirstOrDefault(p => p.Model == m.Model && p.Student == m.Variant) is not { Twin: { } twinName }
                || accuracy[(m.Model, twinName, m.Target)].FirstOrDefault()?.Accuracy is not { } twin
                || Compare(student, twin, twinName) is not { } comparison)
            {
                return m;
            }

            return m with { Accuracy = student with { VersusTwin = comparison } };
        })];
    }

    /// <summary>The student's top-1 minus the twin's, or null when the two were not scored on the same samples.</summary>
    public static TwinComparison? Compare(AccuracyInfo student, AccuracyInfo twin, string twinName)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(twin);
        var scored = student.Samples - student.FailedSamples;
        if (student.Dataset != twin.Dataset || student.Samples != twin.Samples || student.FailedSamples > 0 || twin.FailedSamples > 0 || scored == 0
            || student.Correct is null || twin.Correct is null
            || SampleCorrectness.Decode(student.Correct, scored) is not { } first || SampleCorrectness.Decode(twin.Correct, scored) is not { } second)
        {
            return null;
        }

        var h = student.Headline;
        var interval = PairedAccuracyDifference.Interval(first, second, h.Resamples, h.Confidence, h.Seed);
        return new TwinComparison(twinName, "top1", interval.Estimate, interval.Lower, interval.Upper, interval.Confidence, interval.Resamples, interval.Seed);
    }
}
