using System.Diagnostics;
using Harness.Data;
using Harness.Evaluate;
using Harness.Evaluate.Metrics;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Tests.Data;
using Harness.Tests.Runtime;
using Xunit.Abstractions;

namespace Harness.Tests.Evaluate;

public sealed class EvaluatorTests(ITestOutputHelper output)
{
    private readonly string _scratch = TestAssets.NewScratchDirectory("evaluator");

    [Fact]
    public void A_sample_the_model_fails_on_is_reported_and_the_rest_are_predicted()
    {
        // y = table[idx]: index 99 is out of the table's bounds, which ONNX Runtime reports as an error.
        using var session = Open(GatherModel());
        var data = DatasetFiles.WriteNpy(Path.Combine(_scratch, "idx.npy"), new long[] { 0, 1, 2, 99, 3, 1 }, [6]);
        var labels = DatasetFiles.WriteNpy(Path.Combine(_scratch, "labels.npy"), new long[] { 0, 1, 2, 3, 3, 0 }, [6]);
        var dataset = NpyDataset.FromNpy(data, labels, Preprocessing.Raw, classCount: 4);

        var result = new Evaluator(session, EvaluationTask.Classification).Run(dataset, batchSize: 4);

        var failure = Assert.Single(result.Failures);
        Assert.Equal("idx.npy[3]", failure.SampleId);
        Assert.Contains("out of", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(6, result.SampleCount);
        Assert.Equal([0, 1, 2, 3, 1], result.Classifications.Select(p => Array.IndexOf(p.Scores, p.Scores.Max())));
        Assert.Equal([0, 1, 2, 3, 0], result.Classifications.Select(p => p.Label));
        Assert.True(result.SamplesPerSecond > 0);
    }

    [Fact]
    public void A_sample_shape_the_model_cannot_take_names_the_sample_and_the_shapes()
    {
        using var session = Open(LinearModel(seed: 1));
        var images = DatasetFiles.WriteIdx(Path.Combine(_scratch, "images.gz"), new byte[2 * 4], [2, 2, 2]);
        var labels = DatasetFiles.WriteIdx(Path.Combine(_scratch, "labels.gz"), [0, 1], [2]);

        var error = Assert.Throws<DatasetException>(
            () => new Evaluator(session, EvaluationTask.Classification).Run(new IdxDataset(images, labels, Preprocessing.UnitScale()), 2));

        Assert.Equal("images.gz[0]", error.SampleId);
        Assert.Contains("is float32[1, 2, 2] after preprocessing", error.Message, StringComparison.Ordinal);
        Assert.Contains("takes float32[1, 28, 28] per sample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_beyond_the_models_classes_names_the_sample()
    {
        using var session = Open(GatherModel());
        var data = DatasetFiles.WriteNpy(Path.Combine(_scratch, "idx.npy"), new long[] { 0, 1 }, [2]);
        var labels = DatasetFiles.WriteNpy(Path.Combine(_scratch, "labels.npy"), new long[] { 0, 7 }, [2]);

        var error = Assert.Throws<DatasetException>(
            () => new Evaluator(session, EvaluationTask.Classification).Run(NpyDataset.FromNpy(data, labels, Preprocessing.Raw), 2));

        Assert.Equal("idx.npy[1]", error.SampleId);
        Assert.Contains("has label 7, outside the model's 4 classes [0, 3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_labels_cannot_feed_a_classification()
    {
        using var session = Open(GatherModel());
        DatasetFiles.WritePnm(Path.Combine(_scratch, "a.pgm"), 1, 1, 1, [0], ascii: false);
        File.WriteAllText(Path.Combine(_scratch, "labels.tsv"), "a.pgm\thello\n");

        var error = Assert.Throws<DatasetException>(
            () => new Evaluator(session, EvaluationTask.Classification).Run(new NetpbmDataset(_scratch, Preprocessing.Default, LabelKind.Text), 1));

        Assert.Contains("a classification evaluation needs class labels, but", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_data_sets_are_labelled_with_the_reference_answer()
    {
        var model = LinearModel(seed: 2);
        var random = new Random(3);
        var sets = new List<TestDataSet>();
        using (var reference = Open(model))
        {
            for (var s = 0; s < 5; s++)
            {
                var x = Enumerable.Range(0, 28 * 28).Select(_ => (float)random.NextDouble()).ToArray();
                using var input = OrtValue.CreateTensor(x, [1, 1, 28, 28]);
                var outputs = reference.Run(["x"], [input], ["y"]);
                using var y = outputs[0];
                sets.Add(new TestDataSet(string.Empty, [TensorValue.Create("x", x, 1, 1, 28, 28)], [TensorValue.Create("y", y.GetSpan<float>().ToArray(), 1, 10)]));
            }
        }

        TestDataDirectory.Write(_scratch, model, sets);
        var dataset = new OnnxTestDataDataset(_scratch, labelWithExpectedArgMax: true);
        using var session = Open(model);

        var result = new Evaluator(session, EvaluationTask.Classification).Run(dataset, batchSize: 2);

        Assert.Equal(10, dataset.ClassCount);
        Assert.Equal(5, result.Classifications.Count);
        Assert.All(result.Classifications, p => Assert.Equal(p.Label, Array.IndexOf(p.Scores, p.Scores.Max())));
    }

    [Fact]
    public void Ctc_output_is_decoded_to_text_and_normalised_on_both_sides()
    {
        // Each PGM row is one time step's class scores over (blank, a, b, space); the model only drops the channel axis.
        using var session = Open(SqueezeModel());
        int[][] paths = [[3, 1, 0, 2, 3], [1, 1, 0, 1, 2]];
        for (var s = 0; s < paths.Length; s++)
        {
            var pixels = paths[s].SelectMany(best => Enumerable.Range(0, 4).Select(c => c == best ? 200 : 10)).ToArray();
            DatasetFiles.WritePnm(Path.Combine(_scratch, $"line{s}.pgm"), 4, 5, 1, pixels, ascii: false);
        }

        File.WriteAllText(Path.Combine(_scratch, "labels.tsv"), "line0.pgm\tab\tkind=padded\nline1.pgm\taab\tkind=plain\n");
        var decoder = new Harness.Data.Ocr.CtcGreedyDecoder(["", "a", "b", " "]);
        var dataset = new NetpbmDataset(_scratch, Preprocessing.Default, LabelKind.Text);

        var raw = new Evaluator(session, EvaluationTask.CtcText, decoder).Run(dataset, batchSize: 2);
        var trimmed = new Evaluator(session, EvaluationTask.CtcText, decoder) { TextNormalization = TextNormalization.TrimEnds }.Run(dataset, batchSize: 2);

        Assert.Equal([" ab ", "aab"], raw.Sequences.Select(p => p.Actual));
        Assert.Equal(["ab", "aab"], trimmed.Sequences.Select(p => p.Actual));
        Assert.Equal(["ab", "aab"], trimmed.Sequences.Select(p => p.Expected));
        Assert.Equal("padded", trimmed.Sequences[0].Slices["kind"]);
    }

    [Fact]
    public void Fashion_MNIST_runs_through_a_linear_model()
    {
        var folder = Environment.GetEnvironmentVariable("HARNESS_FASHION_MNIST") is { Length: > 0 } dir ? dir : "/usr/share/datasets/fashion-mnist";
        if (!File.Exists(Path.Combine(folder, "t10k-images-idx3-ubyte.gz")))
        {
            output.WriteLine($"Fashion-MNIST is not installed under {folder}; nothing to run.");
            return;
        }

        using var session = Open(LinearModel(seed: 4));
        var dataset = IdxDataset.FashionMnist(folder, Preprocessing.UnitScale());
        var watch = Stopwatch.StartNew();

        var result = new Evaluator(session, EvaluationTask.Classification).Run(dataset, batchSize: 100);

        watch.Stop();
        Assert.Equal(10000, result.Classifications.Count);
        Assert.Empty(result.Failures);
        output.WriteLine(
            $"Fashion-MNIST t10k through a 784×10 linear model, batch 100: {result.SamplesPerSecond:F0} samples/s end to end, " +
            $"{result.InferenceSamplesPerSecond:F0} samples/s model time ({result.Elapsed.TotalMilliseconds:F0} ms, model {result.InferenceTime.TotalMilliseconds:F0} ms).");
    }

    private static InferenceSession Open(OnnxModel model)
    {
        using var options = OrtTestContext.SingleThreadOptions();
        return InferenceSession.FromBytes(OrtTestContext.Environment, model.ToBytes(), options);
    }

    /// <summary>y = table[idx] with table float [10, 4]: row r peaks at class r mod 4.</summary>
    private static OnnxModel GatherModel()
    {
        var table = new float[10 * 4];
        for (var r = 0; r < 10; r++)
        {
            table[(r * 4) + (r % 4)] = 1f;
        }

        return new GraphBuilder("gather")
            .Input("idx", TensorElementType.Int64, "batch")
            .Initializer("table", table, 10, 4)
            .Node("Gather", ["table", "idx"], ["y"])
            .Output("y", TensorElementType.Float, "batch", 4)
            .Build();
    }

    /// <summary>y = x without its channel axis: float [batch, 1, time, classes] to [batch, time, classes].</summary>
    private static OnnxModel SqueezeModel() =>
        new GraphBuilder("squeeze")
            .Input("x", TensorElementType.Float, "batch", 1, "time", 4)
            .Initializer("axes", new long[] { 1 }, 1)
            .Node("Squeeze", ["x", "axes"], ["y"])
            .Output("y", TensorElementType.Float, "batch", "time", 4)
            .Build();

    /// <summary>y = softmax(flatten(x) · w), x float [batch, 1, 28, 28], seeded weights.</summary>
    private static OnnxModel LinearModel(int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, 784 * 10).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        return new GraphBuilder("linear")
            .Input("x", TensorElementType.Float, "batch", 1, 28, 28)
            .Initializer("w", weights, 784, 10)
            .Node("Flatten", ["x"], ["flat"])
            .Node("MatMul", ["flat", "w"], ["logits"])
            .Node("Softmax", ["logits"], ["y"])
            .Output("y", TensorElementType.Float, "batch", 10)
            .Build();
    }
}
