using Harness.Distill.Training;
using static TorchSharp.torch;

namespace Harness.Tests.Distill;

/// <summary>The loss against the formula worked out by hand in double precision.</summary>
[Collection(TorchCollection.Name)]
public sealed class DistillationLossTests
{
    private static readonly float[] Student = [1.0f, -0.5f, 2.0f, 0.3f, 0.3f, -1.2f];
    private static readonly float[] Teacher = [2.5f, 0.1f, 1.0f, -0.7f, 1.9f, 0.4f];
    private static readonly long[] Labels = [2, 1];

    public DistillationLossTests() => DistillFixtures.LoadTorch();

    [Theory]
    [InlineData(4.0, 0.7)]
    [InlineData(1.0, 0.5)]
    [InlineData(2.0, 0.0)]
    public void Matches_alpha_T_squared_KL_plus_one_minus_alpha_cross_entropy(double temperature, double alpha)
    {
        using var scope = NewDisposeScope();

        var loss = DistillationLoss.Compute(tensor(Student, [2, 3]), tensor(Teacher, [2, 3]), tensor(Labels), temperature, alpha).item<float>();

        var expected = (alpha * temperature * temperature * KullbackLeibler(temperature)) + ((1 - alpha) * CrossEntropy());
        Assert.Equal(expected, loss, 5);
    }

    [Fact]
    public void Without_labels_it_is_pure_distillation_whatever_alpha_says()
    {
        using var scope = NewDisposeScope();

        var loss = DistillationLoss.Compute(tensor(Student, [2, 3]), tensor(Teacher, [2, 3]), null, 3.0, 0.2).item<float>();

        Assert.Equal(9 * KullbackLeibler(3.0), loss, 5);
    }

    [Fact]
    public void Without_a_teacher_it_is_cross_entropy_on_the_labels()
    {
        using var scope = NewDisposeScope();

        var loss = DistillationLoss.Compute(tensor(Student, [2, 3]), null, tensor(Labels), 3.0, 0.9).item<float>();

        Assert.Equal(CrossEntropy(), loss, 5);
    }

    [Fact]
    public void A_student_equal_to_its_teacher_has_no_distillation_loss()
    {
        using var scope = NewDisposeScope();

        var loss = DistillationLoss.Compute(tensor(Teacher, [2, 3]), tensor(Teacher, [2, 3]), null, 4.0, 1.0).item<float>();

        Assert.Equal(0, loss, 6);
    }

    private static double KullbackLeibler(double temperature)
    {
        double sum = 0;
        for (var row = 0; row < 2; row++)
        {
            var p = Softmax(Teacher.AsSpan(row * 3, 3), temperature);
            var q = Softmax(Student.AsSpan(row * 3, 3), temperature);
            sum += p.Zip(q).Sum(pq => pq.First * Math.Log(pq.First / pq.Second));
        }

        return sum / 2;
    }

    private static double CrossEntropy() =>
        Enumerable.Range(0, 2).Average(row => -Math.Log(Softmax(Student.AsSpan(row * 3, 3), 1)[Labels[row]]));

    private static double[] Softmax(ReadOnlySpan<float> logits, double temperature)
    {
        var e = new double[logits.Length];
        for (var i = 0; i < e.Length; i++)
        {
            e[i] = Math.Exp(logits[i] / temperature);
        }

        var total = e.Sum();
        return e.Select(v => v / total).ToArray();
    }
}
