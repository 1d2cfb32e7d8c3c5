using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Harness.Distill;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Optimize.Variants;
using Harness.Plan;
using Harness.Prepare;

namespace Harness.Tests.Distill;

/// <summary>
/// <c>kind: distilled</c> with <c>command:</c>: a real program (a bash script the test writes) gets
/// the teacher and its soft labels, writes a student at {out}, and Harness takes it only if it ran
/// well and fits the teacher; otherwise the variant fails with the program's exit code and words.
/// </summary>
public sealed class ExternalTrainerTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("external-trainer");

    public ExternalTrainerTests() => Classifier(10).Save(Path.Combine(folder, "teacher.onnx"));

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_program_gets_the_teacher_and_its_soft_labels_and_its_student_is_kept_once()
    {
        Classifier(10, hidden: true).Save(Path.Combine(folder, "prebuilt.onnx"));
        var request = Variant(Script("""
            test -f "$1" && test -f "$2/inputs.npy" && test -f "$2/teacher_logits.npy" && test -f "$2/labels.npy"
            cp "$2/manifest.json" "$HERE/manifest-seen.json"
            head -c 256 "$2/inputs.npy" > "$HERE/inputs-head.bin"
            echo run >> "$HERE/runs.txt"
            cp "$HERE/prebuilt.onnx" "$3"
            """), "2m");
        var cache = new VariantCache(Path.Combine(folder, "variants"));

        var first = cache.GetOrCreate(Path.Combine(folder, "teacher.onnx"), Transform(request));
        var second = cache.GetOrCreate(Path.Combine(folder, "teacher.onnx"), Transform(request));

        Assert.Equal((false, true), (first.Hit, second.Hit));
        Assert.Single(File.ReadAllLines(Path.Combine(folder, "runs.txt")));
        Assert.Contains(OnnxModel.Load(first.ModelPath).Graph.Node, n => n.OpType == "Relu");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest-seen.json")))!;
        Assert.Equal("harness.distill-data/v1", (string?)manifest["format"]);
        Assert.Equal((40, 10, "image", "scores", "labels.npy"), ((int)manifest["samples"]!, (int)manifest["classes"]!, (string?)manifest["input_name"], (string?)manifest["output_name"], (string?)manifest["labels"]));
        Assert.Equal([1, 28, 28], manifest["sample_shape"]!.AsArray().Select(d => (int)d!));
        var head = File.ReadAllBytes(Path.Combine(folder, "inputs-head.bin"));
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(8));
        Assert.Equal([0x93, .. "NUMPY"u8, 1, 0], head[..8]);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (40, 1, 28, 28), }", Encoding.ASCII.GetString(head, 10, headerLength), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo 'epoch 1: loss nan' >&2; exit 3", "2m", "exited with code 3 after")]
    [InlineData("echo 'epoch 1: loss nan' >&2; exit 3", "2m", "the end of its standard error:\nepoch 1: loss nan")]
    [InlineData("echo trained", "2m", "exited with code 0 but wrote nothing at {out}")]
    [InlineData("sleep 30", "1s", "did not finish within 1 s (the variant's budget) and was stopped")]
    [InlineData("echo not a model > \"$3\"", "2m", "wrote a file at {out} that is not an ONNX model")]
    [InlineData("cp \"$HERE/three-classes.onnx\" \"$3\"", "2m", "does not match the teacher: its output 'scores' is float32 [batch, 3], the teacher's float32 [batch, 10]")]
    public void A_program_that_fails_fails_its_variant_with_its_own_words_and_leaves_nothing_cached(string body, string budget, string expected)
    {
        Classifier(3).Save(Path.Combine(folder, "three-classes.onnx"));
        var cache = new VariantCache(Path.Combine(folder, "variants"));

        var error = Assert.Throws<DistillationException>(() => cache.GetOrCreate(Path.Combine(folder, "teacher.onnx"), Transform(Variant(Script(body), budget))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(cache.Root));
    }

    [Theory]
    [InlineData("bash train.sh {teacher} {train_data}", "has no {out}")]
    [InlineData("bash train.sh {model} {out}", "has '{model}'; the placeholders are {teacher}, {train_data} and {out}")]
    [InlineData("bash 'train.sh {out}", "opens a ' quote it does not close")]
    public void A_command_Harness_cannot_run_as_written_is_refused_with_its_position(string command, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => Variant(command, "2m"));

        Assert.Equal(8, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_and_a_student_together_are_refused()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(
            Yaml("bash t.sh {out}", "2m").Replace("kind: distilled", "kind: distilled\n        student: mlp", StringComparison.Ordinal), Path.Combine(folder, "s.yaml")));

        Assert.Contains("'student' does not go with 'command'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Words_are_split_once_and_placeholders_filled_without_a_shell()
    {
        var command = Harness.Distill.External.TrainerCommand.Parse("python3 'my train.py' --out={out} \"{train_data}\" $HOME;rm");

        Assert.Equal("python3", command.Program);
        Assert.Equal(["my train.py", "--out=/o u t.onnx", "/d; rm -rf x", "$HOME;rm"], command.Arguments("/t.onnx", "/d; rm -rf x", "/o u t.onnx"));
    }

    private string Script(string body)
    {
        var path = Path.Combine(folder, $"train-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, $"#!/bin/bash\nHERE='{folder}'\n{body}\n");
        return $"bash {path} {{teacher}} {{train_data}} {{out}}";
    }

    private VariantRequest Variant(string command, string budget) =>
        ScenarioParser.Parse(Yaml(command, budget), Path.Combine(folder, "s.yaml")).Models[0].Variants.Single();

    private static string Yaml(string command, string budget) => $"""
        version: 1
        models:
          - name: teacher
            path: teacher.onnx
            variants:
              - name: own
                kind: distilled
                command: "{command.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}"
                dataset: fashion-mnist
                samples: 40
                budget: {budget}
        loads: [single-stream]
        """;

    private static IVariantTransform Transform(VariantRequest request) =>
        VariantPreparer.TransformFor(request, () => throw new InvalidOperationException("no calibration"));

    /// <summary>A Fashion-MNIST-shaped classifier: [batch, 1, 28, 28] images to <paramref name="classes"/> scores, linear or with a hidden layer.</summary>
    private static OnnxModel Classifier(int classes, bool hidden = false)
    {
        var width = hidden ? 16 : classes;
        var graph = new GraphBuilder("classifier")
            .Input("image", TensorElementType.Float, "batch", 1, 28, 28)
            .Initializer("W", DistillFixtures.Uniform(784 * width, 9, -0.1f, 0.1f), 784, width)
            .Initializer("B", new float[width], width)
            .Node("Flatten", ["image"], ["flat"], NodeAttribute.Int("axis", 1))
            .Node("Gemm", ["flat", "W", "B"], [hidden ? "hidden" : "scores"]);
        if (hidden)
        {
            graph.Node("Relu", ["hidden"], ["active"])
                .Initializer("W2", DistillFixtures.Uniform(width * classes, 11, -0.1f, 0.1f), width, classes)
                .Initializer("B2", new float[classes], classes)
                .Node("Gemm", ["active", "W2", "B2"], ["scores"]);
        }

        return graph.Output("scores", TensorElementType.Float, "batch", classes).Build();
    }
}
