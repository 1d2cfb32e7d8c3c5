using Harness.Distill;
using Harness.Distill.Training;
using Harness.Execute.Protocol;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Optimize.Variants;
using Harness.Plan;
using Harness.Prepare;
using Harness.Tests.Optimize;

namespace Harness.Tests.Distill;

/// <summary>
/// <c>kind: distilled</c> as a scenario declares it: the student and its hard-label twin are planned,
/// travel to the worker intact, and are trained once into the content-addressed variant cache.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DistilledVariantTests : IDisposable
{
    private const string Scenario = """
        version: 1
        models:
          - name: teacher
            path: teacher.onnx
            variants:
              - name: student
                kind: distilled
                student: mlp-tiny
                dataset: fashion-mnist
                samples: 300
                epochs: 2
                temperature: 3
                alpha: 0.8
                budget: 20s
                seed: 5
        loads: [single-stream]
        """;

    private readonly string folder = TestAssets.NewScratchDirectory("distilled-variant");

    public DistilledVariantTests() => FashionTeacher().Save(Path.Combine(folder, "teacher.onnx"));

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_distilled_variant_is_planned_with_its_hard_label_twin()
    {
        var scenario = ScenarioParser.Parse(Scenario, Path.Combine(folder, "s.yaml"));

        var variants = scenario.Models[0].Variants;
        Assert.Equal(["student", "student-hard"], variants.Select(v => v.Name));
        Assert.All(variants, v => Assert.Equal(VariantKind.Distilled, v.Kind));
        var student = variants[0].Distillation!;
        Assert.Equal(("mlp-tiny", "fashion-mnist", 300, false), (student.Student, student.Dataset, student.Samples, student.HardLabelsOnly));
        Assert.Equal(new TrainingOptions(Epochs: 2, Temperature: 3, Alpha: 0.8, Budget: TimeSpan.FromSeconds(20), Seed: 5), student.Training);
        Assert.True(variants[1].Distillation!.HardLabelsOnly);
        Assert.Contains("teacher/student-hard/cpu/single-stream", JobPlanner.Plan(scenario).Select(j => j.Id));
        var alone = ScenarioParser.Parse(Scenario.Replace("seed: 5", "seed: 5\n        twin: false", StringComparison.Ordinal), Path.Combine(folder, "s.yaml"));
        Assert.Equal(["student"], alone.Models[0].Variants.Select(v => v.Name));
    }

    [Theory]
    [InlineData("student: mlp-tiny", "student: resnet", 8, "unknown student 'resnet'")]
    [InlineData("student: mlp-tiny", "student: linear 8, conv 3", 8, "'conv 3' is not a student layer")]
    [InlineData("dataset: fashion-mnist", "dataset: ocr-lines", 9, "'dataset' in models[0].variants[0] is 'ocr-lines'; expected one of: fashion-mnist, ocr-directions")]
    [InlineData("alpha: 0.8", "alpha: 1.5", 6, "alpha must lie in [0, 1]")]
    [InlineData("kind: distilled", "kind: fp16", 8, "'student' applies to distilled variants only, not fp16")]
    public void Bad_distillation_settings_are_refused_with_their_position(string from, string to, int line, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(Scenario.Replace(from, to, StringComparison.Ordinal), Path.Combine(folder, "s.yaml")));

        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_distilled_variant_asks_for_its_student()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(
            "version: 1\nmodels:\n  - name: teacher\n    path: teacher.onnx\n    variants: [distilled]\n", Path.Combine(folder, "s.yaml")));

        Assert.Contains("a distilled variant needs its student and training data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_worker_receives_the_distillation_settings_intact()
    {
        var job = JobPlanner.Plan(ScenarioParser.Parse(Scenario, Path.Combine(folder, "s.yaml"))).First(j => j.Variant == "student-hard");

        var read = JobDocumentMapping.ToJob(JobDocumentJson.Read(JobDocumentJson.Write(JobDocumentMapping.ToDocument(job, "/run/s.csv"))));

        Assert.Equal(job.Transform!.Distillation! with { Twin = false }, read.Transform!.Distillation);
    }

    [Fact]
    public void A_student_is_trained_once_into_the_variant_cache_and_answers_as_the_teacher_did()
    {
        var teacher = Path.Combine(folder, "teacher.onnx");
        var request = ScenarioParser.Parse(Scenario, Path.Combine(folder, "s.yaml")).Models[0].Variants[0];
        var cache = new VariantCache(Path.Combine(folder, "variants"));
        var phases = new List<string>();

        var first = cache.GetOrCreate(teacher, Transform(request, phases));
        var second = cache.GetOrCreate(teacher, Transform(request, phases));

        Assert.False(first.Hit);
        Assert.True(second.Hit);
        Assert.Equal(first.ModelPath, second.ModelPath);
        Assert.Equal(2, phases.Count(p => p.Contains("epoch", StringComparison.Ordinal)));
        var student = OnnxModel.Load(first.ModelPath);
        Assert.Equal(("image", "scores"), (student.Inputs[0].Name, student.Outputs[0].Name));
        var scores = ModelRunner.Run(student, "image", new float[2 * 784], [2, 1, 28, 28]);
        Assert.Equal(20, scores.Length);
        var notes = VariantCache.ReadReport(first)!.Notes;
        Assert.Contains(notes, n => n.StartsWith("student 'flatten, linear 32, relu' trained on 300 fashion-mnist samples", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("kept epoch", StringComparison.Ordinal));
    }

    [Fact]
    public void A_teacher_that_is_not_a_classifier_fails_its_variant_and_leaves_nothing_in_the_cache()
    {
        var path = Path.Combine(folder, "not-a-classifier.onnx");
        new GraphBuilder("relu")
            .Input("image", TensorElementType.Float, "batch", 1, 28, 28)
            .Node("Relu", ["image"], ["same"])
            .Output("same", TensorElementType.Float, "batch", 1, 28, 28)
            .Build().Save(path);
        var request = ScenarioParser.Parse(Scenario, Path.Combine(folder, "s.yaml")).Models[0].Variants[0];
        var cache = new VariantCache(Path.Combine(folder, "variants"));

        var error = Assert.Throws<DistillationException>(() => cache.GetOrCreate(path, Transform(request, [])));

        Assert.Contains("a teacher must output one float class vector per sample", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(cache.Root));
    }

    [Fact]
    public void A_trained_model_is_trained_once_before_planning_and_found_by_later_runs()
    {
        var scenario = ScenarioParser.Parse("""
            version: 1
            models:
              - name: small
                train: { architecture: mlp-tiny, dataset: fashion-mnist, samples: 200, epochs: 1, seed: 17 }
                accuracy: { dataset: fashion-mnist, samples: 50 }
            """, Path.Combine(folder, "s.yaml"));
        var model = scenario.Models[0];
        if (File.Exists(model.Path))
        {
            Directory.Delete(Path.GetDirectoryName(model.Path)!, recursive: true);
        }

        var said = new List<string>();
        TrainedModels.EnsureAll(scenario, said.Add, null);
        var written = File.GetLastWriteTimeUtc(model.Path);
        TrainedModels.EnsureAll(scenario, said.Add, null);

        Assert.Equal(written, File.GetLastWriteTimeUtc(model.Path));
        Assert.Single(said, s => s.StartsWith("trained model 'small': kept epoch 1 of 1", StringComparison.Ordinal));
        var trained = OnnxModel.Load(model.Path);
        Assert.Equal(("image", "scores"), (trained.Inputs[0].Name, trained.Outputs[0].Name));
        Assert.Equal(10, ModelRunner.Run(trained, "image", new float[784], [1, 1, 28, 28]).Length);
    }

    [Fact]
    public void A_trained_model_refuses_a_path_beside_it()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(
            "version: 1\nmodels:\n  - name: m\n    path: teacher.onnx\n    train: { architecture: mlp, dataset: fashion-mnist }\n", Path.Combine(folder, "s.yaml")));

        Assert.Contains("model 'm' has both 'train' and 'path'; give one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_distill_verb_writes_a_student_and_finds_it_in_the_cache_the_second_time()
    {
        var teacher = Path.Combine(folder, "teacher.onnx");
        var target = Path.Combine(folder, "student.onnx");
        string[] args = ["distill", teacher, "--student", "mlp-tiny", "--samples", "200", "--epochs", "1", "--seed", "23", "-o", target];

        var first = Harness.Tests.Cli.CliHarness.Invoke(args);
        var second = Harness.Tests.Cli.CliHarness.Invoke(args);
        var quantize = Harness.Tests.Cli.CliHarness.Invoke("quantize", teacher, "--mode", "distilled", "-o", Path.Combine(folder, "x.onnx"));

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("teacher soft labels:", first.Output, StringComparison.Ordinal);
        Assert.Contains($"student (from the cache): {target}", second.Output, StringComparison.Ordinal);
        Assert.Equal(("image", "scores"), (OnnxModel.Load(target).Inputs[0].Name, OnnxModel.Load(target).Outputs[0].Name));
        Assert.NotEqual(0, quantize.ExitCode);
    }

    private static IVariantTransform Transform(VariantRequest request, List<string> phases)
    {
        var transform = (DistilledStudentTransform)VariantPreparer.TransformFor(request, () => throw new InvalidOperationException("no calibration"));
        transform.Progress = phases.Add;
        return transform;
    }

    /// <summary>A linear Fashion-MNIST-shaped teacher: [batch, 1, 28, 28] images to 10 scores.</summary>
    private static OnnxModel FashionTeacher() => new GraphBuilder("fashion_teacher")
        .Input("image", TensorElementType.Float, "batch", 1, 28, 28)
        .Initializer("W", DistillFixtures.Uniform(784 * 10, 9, -0.1f, 0.1f), 784, 10)
        .Initializer("B", new float[10], 10)
        .Node("Flatten", ["image"], ["flat"], NodeAttribute.Int("axis", 1))
        .Node("Gemm", ["flat", "W", "B"], ["scores"])
        .Output("scores", TensorElementType.Float, "batch", 10)
        .Build();
}
