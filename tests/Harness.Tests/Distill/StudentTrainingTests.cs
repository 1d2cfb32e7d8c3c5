using Harness.Distill;
using Harness.Distill.Export;
using Harness.Distill.Students;
using Harness.Distill.Training;
using Harness.Tests.Optimize;
using static TorchSharp.torch;

namespace Harness.Tests.Distill;

/// <summary>
/// Students trained for a few epochs on tiny data from a tiny teacher: the exported ONNX model
/// computes what TorchSharp computes, training is seeded, soft labels are cached, and bad input
/// stops with a message that names the problem.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class StudentTrainingTests : IDisposable
{
    private static readonly TrainingOptions Quick = new(Epochs: 3, BatchSize: 16, LearningRate: 5e-3, Patience: 5, Seed: 11);

    private readonly string folder = Directory.CreateTempSubdirectory("harness-students-").FullName;

    public StudentTrainingTests() => DistillFixtures.LoadTorch();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("conv 4 3, batchnorm, relu, maxpool 2, conv 6 3, relu, avgpool 3, flatten, dropout 0.2", false)]
    [InlineData("flatten, linear 8, batchnorm, relu", true)]
    [InlineData("conv 4 3 2, batchnorm, relu, conv 6 3 2, batchnorm, relu, globalavgpool, flatten", false)]
    public void The_exported_student_computes_what_TorchSharp_computes(string layers, bool softmax)
    {
        var teacher = DistillFixtures.Teacher(folder, softmax);
        var set = DistillFixtures.Data();
        var soft = Harness.Distill.Teacher.TeacherSoftLabels.Compute(teacher, set, folder);
        var network = ForExport(StudentArchitecture.Parse(layers), set, soft.Classes);
        using (network)
        {
            var model = StudentExporter.Export(network, soft.Interface);
            var inputs = set.Inputs.AsSpan(0, 20 * set.SampleSize).ToArray();
            float[] expected;
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                var logits = network.Forward(tensor(inputs, [20, .. set.SampleShape]));
                expected = (softmax ? logits.softmax(1) : logits).data<float>().ToArray();
            }

            var actual = ModelRunner.Run(model, "image", inputs, [20, .. set.SampleShape]);

            Assert.Equal("scores", model.Outputs[0].Name);
            Assert.InRange(ModelRunner.MaxAbsDifference(expected, actual), 0, 1e-4f);
            Assert.DoesNotContain(model.Graph.Node, n => n.OpType is "BatchNormalization" or "Dropout");
            Assert.Equal(softmax, model.Graph.Node.Any(n => n.OpType == "Softmax"));
        }
    }

    /// <summary>
    /// A seeded student whose batch-norm statistics have moved off their start (a few forward
    /// passes in training mode), so the export must fold real statistics. The export is checked
    /// apart from training: the trainer's own tests cover that.
    /// </summary>
    private static StudentNetwork ForExport(StudentArchitecture architecture, TrainingSet set, int classes)
    {
        manual_seed(11);
        var network = new StudentNetwork(architecture, set.SampleShape, classes);
        network.Model.train();
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            for (var start = 0; start + 32 <= set.Count; start += 32)
            {
                network.Forward(tensor(set.Inputs.AsSpan(start * set.SampleSize, 32 * set.SampleSize).ToArray(), [32, .. set.SampleShape]));
            }
        }

        network.Model.eval();
        return network;
    }

    [Fact]
    public void Distillation_learns_the_teacher_and_the_same_seed_trains_the_same_student()
    {
        var teacher = DistillFixtures.Teacher(folder);
        var set = DistillFixtures.Data(count: 256, labels: false);
        var distiller = new Distiller(folder, _ => { });
        var options = Quick with { Epochs = 8, Alpha = 1 };

        var first = distiller.Distill(teacher, StudentArchitecture.Parse("mlp-tiny"), set, options);
        var second = distiller.Distill(teacher, StudentArchitecture.Parse("mlp-tiny"), set, options);

        Assert.False(first.SoftLabelsCached);
        Assert.True(second.SoftLabelsCached);
        Assert.InRange(first.Training.BestValidationAccuracy, 0.8, 1.0);
        Assert.Equal(first.Model.ToBytes(), second.Model.ToBytes());
        Assert.True(first.Training.SamplesPerSecond > 0);
    }

    [Fact]
    public void The_hard_label_twin_trains_on_labels_alone_with_the_same_seed()
    {
        var teacher = DistillFixtures.Teacher(folder);
        var set = DistillFixtures.Data();
        var distiller = new Distiller(folder, _ => { });

        var distilled = distiller.Distill(teacher, StudentArchitecture.Parse("mlp-tiny"), set, Quick);
        var twin = distiller.Distill(teacher, StudentArchitecture.Parse("mlp-tiny"), set, Quick, hardLabelsOnly: true);

        Assert.NotEqual(distilled.Model.ToBytes(), twin.Model.ToBytes());
        Assert.Equal("image", twin.Model.Inputs[0].Name);
        var unlabelled = Assert.Throws<DistillationException>(() =>
            distiller.Distill(teacher, StudentArchitecture.Parse("mlp-tiny"), set with { Labels = null }, Quick, hardLabelsOnly: true));
        Assert.Contains("no labels", unlabelled.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flatten, conv 4 3", "layer 2 ('conv 4 3') does not fit its input [36]: it needs an image")]
    [InlineData("linear 8", "put 'flatten' before it")]
    [InlineData("conv 4 3, relu, batchnorm, flatten", "batchnorm must directly follow a conv or linear layer (it follows 'relu')")]
    [InlineData("conv 4 3, maxpool 8, flatten", "smaller than its kernel")]
    [InlineData("conv 4 3, relu", "end the layers with 'flatten'")]
    [InlineData("flatten, globalavgpool", "layer 2 ('globalavgpool') does not fit its input [36]: it needs an image")]
    public void A_student_whose_layers_do_not_fit_is_refused_before_training(string layers, string expected)
    {
        var error = Assert.Throws<DistillationException>(() => StudentShapes.Infer(StudentArchitecture.Parse(layers), [1, 6, 6], 3));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resnet50", "unknown student 'resnet50'")]
    [InlineData("conv 4, relu", "'conv 4' is not a student layer")]
    [InlineData("dropout 1.5, flatten", "'dropout 1.5' is not a student layer")]
    public void An_unknown_student_or_layer_names_what_can_be_written(string text, string expected)
    {
        var error = Assert.Throws<DistillationException>(() => StudentArchitecture.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_teacher_whose_output_is_not_a_class_vector_is_refused()
    {
        var path = Path.Combine(folder, "image-to-image.onnx");
        new Harness.Onnx.Model.GraphBuilder("identity")
            .Input("image", Harness.Onnx.TensorElementType.Float, "batch", 1, 6, 6)
            .Node("Relu", ["image"], ["same"])
            .Output("same", Harness.Onnx.TensorElementType.Float, "batch", 1, 6, 6)
            .Build().Save(path);

        var error = Assert.Throws<DistillationException>(() => Harness.Distill.Teacher.TeacherSoftLabels.Compute(path, DistillFixtures.Data(), folder));

        Assert.Contains("output 'same' is float32[96, 1, 6, 6] for a batch of 96; a teacher must output one float class vector per sample", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder, "soft-labels")));
    }

    [Fact]
    public void Data_that_does_not_fit_the_teacher_is_refused()
    {
        var teacher = DistillFixtures.Teacher(folder);
        var set = new TrainingSet("wrong", new float[10 * 25], [1, 5, 5], 10, null);

        var error = Assert.Throws<DistillationException>(() => Harness.Distill.Teacher.TeacherSoftLabels.Compute(teacher, set, folder));

        Assert.Contains("cannot run on wrong's samples [1, 5, 5]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loss_that_is_not_a_number_stops_training_and_names_the_epoch()
    {
        var teacher = DistillFixtures.Teacher(folder);
        var set = DistillFixtures.Data();
        for (var sample = 0; sample < set.Count; sample++)
        {
            set.Inputs[sample * set.SampleSize] = float.NaN;
        }

        var error = Assert.Throws<DistillationException>(() =>
            new Distiller(folder, _ => { }).Distill(teacher, StudentArchitecture.Parse("mlp-tiny"), set, Quick with { BatchSize = 200 }));

        Assert.Contains("diverged: the loss is NaN at epoch 1, step 1", error.Message, StringComparison.Ordinal);
    }
}
