using Harness.Data;
using Harness.Data.Ocr;
using Harness.Evaluate;
using Harness.Evaluate.Metrics;
using Harness.Onnx.Runtime;
using Harness.Tests.Runtime;
using Xunit.Abstractions;

namespace Harness.Tests.Data;

/// <summary>
/// The real PaddleOCR models on the rendered test set: if clean DejaVu lines do not read well,
/// the preprocessing is wrong, so these tests guard it. The set is the harness's own cached one
/// ($HARNESS_HOME/datasets/ocr-lines-v1), rendered on first use.
/// </summary>
public sealed class PaddleOcrModelTests(ITestOutputHelper output)
{
    private const int Lines = 100;

    private static readonly Lazy<(OcrTestSet Set, CtcGreedyDecoder Decoder)> Shared = new(() =>
    {
        var decoder = CtcGreedyDecoder.FromKeysFile(Path.Combine(TestAssets.PaddleOcrDirectory, "ppocr_keys_v1.txt"));
        var generator = new OcrTestSetGenerator(new OcrTestSetOptions { CanSpell = decoder.CanSpell });
        return (generator.EnsureRendered(OcrTestSetGenerator.DefaultFolder(TestAssets.Home)), decoder);
    });

    [Fact]
    public void The_recognizer_scores_6625_classes_the_dictionary_defines()
    {
        using var session = Open(TestAssets.Recognizer);
        var (set, decoder) = Shared.Value;
        var batch = set.Lines(PaddleOcrPreprocessing.Recognizer()).ReadBatches(2, limit: 2).Single();
        using var input = OrtValue.CreateTensor(batch.Inputs[0].Data, batch.Inputs[0].ElementType, batch.Inputs[0].Shape);

        var outputs = session.Run(["x"], [input], [session.Outputs[0].Name]);
        using var scores = outputs[0];

        Assert.Equal([-1L, 3, 48, -1], session.Inputs[0].Shape);
        Assert.Equal(3, scores.Shape.Length);
        Assert.Equal([2L, 6625], new[] { scores.Shape[0], scores.Shape[2] });
        decoder.RequireClassCount(6625, "the recognizer");
        output.WriteLine($"recognizer: input {session.Inputs[0]}, output {session.Outputs[0]}; at width 320 the output is [{string.Join(", ", scores.Shape)}].");
    }

    [Fact]
    public void The_recognizer_reads_rendered_lines()
    {
        using var session = Open(TestAssets.Recognizer);
        var (set, decoder) = Shared.Value;

        // Batch size 1: each line at its own width (at least 320), as PaddleOCR reads a line alone.
        var result = new Evaluator(session, EvaluationTask.CtcText, decoder).Run(set.Lines(PaddleOcrPreprocessing.Recognizer()), batchSize: 1, limit: Lines);

        Assert.Empty(result.Failures);
        var raw = result.Sequences;
        var trimmed = Normalised(raw, TextNormalization.TrimEnds);
        var spaceless = Normalised(raw, TextNormalization.IgnoreSpaces);
        output.WriteLine(
            $"PP-OCRv4 recognizer, {raw.Count} rendered lines, batch 1: exact match {ExactMatch(raw):P1} as read, {ExactMatch(trimmed):P1} with ends trimmed, " +
            $"{ExactMatch(spaceless):P1} ignoring spaces (PaddleOCR's metric); CER {CharacterErrorRate(raw):P2} as read, {CharacterErrorRate(trimmed):P2} trimmed, " +
            $"{CharacterErrorRate(spaceless):P2} ignoring spaces; {result.SamplesPerSecond:F1} lines/s end to end ({result.InferenceSamplesPerSecond:F1} model only, 1 thread).");
        foreach (var slice in new[] { "length", "size", "font" })
        {
            foreach (var group in trimmed.GroupBy(p => p.Slices[slice]).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  {slice}={group.Key}: exact {group.Count(p => p.Expected == p.Actual)}/{group.Count()}, CER {CharacterErrorRate([.. group]):P2} (trimmed)");
            }
        }

        foreach (var miss in trimmed.Where(p => p.Expected != p.Actual))
        {
            output.WriteLine($"  expected \"{miss.Expected}\", read \"{miss.Actual}\" ({miss.Slices["font"]}, {miss.Slices["size"]} pt)");
        }

        Assert.True(ExactMatch(trimmed) >= 0.8, $"exact match (trimmed) {ExactMatch(trimmed):P1}");
        Assert.True(ExactMatch(spaceless) >= 0.9, $"exact match (ignoring spaces) {ExactMatch(spaceless):P1}");
        Assert.True(CharacterErrorRate(trimmed) <= 0.03, $"CER (trimmed) {CharacterErrorRate(trimmed):P2}");
    }

    [Fact]
    public void The_direction_classifier_tells_upright_from_rotated_lines()
    {
        using var session = Open(TestAssets.Classifier);
        var (set, _) = Shared.Value;

        var result = new Evaluator(session, EvaluationTask.Classification).Run(set.Directions(PaddleOcrPreprocessing.DirectionClassifier()), batchSize: 32, limit: 2 * Lines);

        var correct = result.Classifications.Count(p => Array.IndexOf(p.Scores, p.Scores.Max()) == p.Label);
        var accuracy = correct / (double)result.Classifications.Count;
        output.WriteLine(
            $"direction classifier, {result.Classifications.Count} lines ({Lines} upright + {Lines} rotated): accuracy {accuracy:P1}; " +
            $"upright {result.Classifications.Count(p => p.Label == 0 && p.Scores[0] > p.Scores[1])}/{Lines}, rotated {result.Classifications.Count(p => p.Label == 1 && p.Scores[1] > p.Scores[0])}/{Lines}; {result.SamplesPerSecond:F0} lines/s.");
        Assert.Empty(result.Failures);
        Assert.True(accuracy >= 0.9, $"accuracy {accuracy:P1}");
    }

    private static InferenceSession Open(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing: run ./run.sh to fetch the PaddleOCR models.");
        using var options = OrtTestContext.SingleThreadOptions();
        return InferenceSession.FromFile(OrtTestContext.Environment, path, options);
    }

    private static List<SequencePrediction> Normalised(IEnumerable<SequencePrediction> predictions, TextNormalization normalization) =>
        [.. predictions.Select(p => new SequencePrediction(normalization.Apply(p.Expected), normalization.Apply(p.Actual), p.Slices))];

    private static double ExactMatch(IReadOnlyList<SequencePrediction> predictions) =>
        predictions.Count(p => p.Expected == p.Actual) / (double)predictions.Count;

    /// <summary>Edit distance over the reference length, summed over all lines (test-side: metrics live elsewhere).</summary>
    private static double CharacterErrorRate(IReadOnlyList<SequencePrediction> predictions)
    {
        long edits = 0, length = 0;
        foreach (var p in predictions)
        {
            edits += Levenshtein(p.Expected, p.Actual);
            length += p.Expected.Length;
        }

        return length == 0 ? 0 : edits / (double)length;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
