using Harness.Evaluate;
using Harness.Evaluate.Metrics;
using Harness.Reports;
using Harness.Reports.Writers;
using Harness.Results;

namespace Harness.Tests.Evaluate;

/// <summary>A distilled student against its hard-label twin: a paired bootstrap over the samples both were scored on.</summary>
public sealed class TwinComparisonsTests
{
    private static readonly (string Model, string Student, string Twin)[] Pairs = [("m", "mlp", "mlp-hard")];

    [Fact]
    public void Identical_answers_differ_by_exactly_nothing_in_every_resample()
    {
        var same = Correctness(100, i => i % 3 != 0);

        var interval = PairedAccuracyDifference.Interval(same, same, 1000, 0.95, seed: 4);

        Assert.Equal((0.0, 0.0, 0.0), (interval.Estimate, interval.Lower, interval.Upper));
    }

    [Fact]
    public void A_student_right_wherever_its_twin_is_and_on_ten_more_samples_gains_ten_points_with_a_positive_interval()
    {
        // The twin gets samples 0–69 right; the student those and 70–79. A resample's difference is
        // the share of drawn samples among 70–79, Binomial(100, 0.1) / 100: 95% of it lies in about [0.04, 0.16].
        var twin = Correctness(100, i => i < 70);
        var student = Correctness(100, i => i < 80);

        var interval = PairedAccuracyDifference.Interval(student, twin, 1000, 0.95, seed: 4);
        var again = PairedAccuracyDifference.Interval(student, twin, 1000, 0.95, seed: 4);

        Assert.Equal(0.10, interval.Estimate, 12);
        Assert.InRange(interval.Lower, 0.03, 0.07);
        Assert.InRange(interval.Upper, 0.13, 0.17);
        Assert.Equal(interval, again);
    }

    [Fact]
    public void Correctness_travels_as_bits_and_is_refused_for_another_sample_count()
    {
        var correct = Correctness(13, i => i % 4 == 1);

        var encoded = SampleCorrectness.Encode(correct);

        Assert.Equal(correct, SampleCorrectness.Decode(encoded, 13));
        Assert.Null(SampleCorrectness.Decode(encoded, 17));
    }

    [Fact]
    public void The_student_accuracy_job_gets_its_gain_over_the_twin_and_the_tables_show_it()
    {
        var results = TwinComparisons.Apply(
            [Accuracy("fp32", Correctness(100, _ => true)), Accuracy("mlp", Correctness(100, i => i < 80)), Accuracy("mlp-hard", Correctness(100, i => i < 70))],
            Pairs);

        Assert.Null(results[0].Accuracy!.VersusTwin);
        Assert.Null(results[2].Accuracy!.VersusTwin);
        var gain = results[1].Accuracy!.VersusTwin!;
        Assert.Equal(("mlp-hard", "top1", 1000, 4), (gain.Twin, gain.Metric, gain.Resamples, gain.Seed));
        Assert.Equal(0.10, gain.Difference, 12);
        Assert.Equal(
            $"vs mlp-hard +10.0 [{Points(gain.Lower)}, {Points(gain.Upper)}] points",
            ConsoleAccuracyTable.Twin(gain));
        Assert.EndsWith(ConsoleAccuracyTable.Twin(gain), ConsoleVariantTable.Accuracy(RunReport.From(Run(results)).Variants[0].Rows.Single(r => r.Variant == "mlp")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pair_not_scored_on_the_same_samples_gets_no_comparison()
    {
        var failed = Accuracy("mlp-hard", Correctness(99, i => i < 70));
        failed = failed with { Accuracy = failed.Accuracy! with { Samples = 100, FailedSamples = 1 } };

        var results = TwinComparisons.Apply([Accuracy("mlp", Correctness(100, i => i < 80)), failed], Pairs);

        Assert.Null(results[0].Accuracy!.VersusTwin);
    }

    private static bool[] Correctness(int count, Func<int, bool> rule) => [.. Enumerable.Range(0, count).Select(rule)];

    private static string Points(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture);

    private static MeasurementResult Accuracy(string variant, bool[] correct) => new(
        $"m/{variant}/cpu/accuracy", "m", variant, "cpu", new LoadInfo("accuracy", 1, 1), MeasurementStatus.Ok, null, null, null, null, null, new ValidityInfo(true, []), null)
    {
        Accuracy = new AccuracyInfo("fashion-mnist", "classification", correct.Length, 50, new HeadlineMetric("top1", correct.Count(c => c) / (double)correct.Length, 0, 1, 0.95, 1000, 4, true), new Dictionary<string, double>(), [], 0, [])
        {
            Correct = SampleCorrectness.Encode(correct),
        },
    };

    private static RunResults Run(IReadOnlyList<MeasurementResult> measurements) => new(
        RunResults.SchemaV1, "run", new ScenarioInfo("s", "s.yaml", "0"), new HarnessInfo("test", "0"), EnvironmentProbe.Capture("test", ["CPUExecutionProvider"]), DateTimeOffset.UnixEpoch, null, measurements);
}
