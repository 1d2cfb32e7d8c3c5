using Harness.Distill.Export;
using Harness.Distill.Native;
using Harness.Distill.Students;
using Harness.Distill.Teacher;
using Harness.Distill.Training;
using Harness.Onnx.Model;

namespace Harness.Distill;

/// <summary>A student trained from a teacher, as an ONNX model, with how its training went.</summary>
/// <param name="SoftLabelsCached">Whether the teacher's logits came from the cache (no teacher pass).</param>
public sealed record DistilledStudent(OnnxModel Model, TrainingReport Training, int Classes, bool SoftLabelsCached, TimeSpan SoftLabelPass);

/// <summary>
/// One distillation, end to end: the teacher's soft labels (cached), the student trained on them
/// (and on the labels, weighted by α), exported to ONNX with the teacher's input and output names.
/// A hard-label twin trains the same student with the same seed and budget on the labels alone,
/// so the effect of distillation is measured rather than assumed.
/// </summary>
public sealed class Distiller(string cacheFolder, Action<string> say, Action<EpochProgress>? progress = null)
{
    public DistilledStudent Distill(string teacherPath, StudentArchitecture architecture, TrainingSet set, TrainingOptions options, bool hardLabelsOnly = false) =>
        Distill(OnnxModel.Load(teacherPath), teacherPath, architecture, set, options, hardLabelsOnly);

    /// <param name="teacherName">The teacher's file or model name, for messages.</param>
    public DistilledStudent Distill(OnnxModel teacher, string teacherName, StudentArchitecture architecture, TrainingSet set, TrainingOptions options, bool hardLabelsOnly = false)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (set.Count < 2)
        {
            throw new DistillationException($"{set.Name} has {set.Count} sample; training needs at least two (one is held out for validation)");
        }

        if (hardLabelsOnly && set.Labels is null)
        {
            throw new DistillationException($"{set.Name} has no labels, so a student cannot be trained on labels alone");
        }

        var soft = TeacherSoftLabels.Compute(teacher, teacherName, set, cacheFolder, options.Threads);
        if (set.Labels?.Where(l => l < 0 || l >= soft.Classes).Select(l => (int?)l).FirstOrDefault() is { } stray)
        {
            throw new DistillationException($"{set.Name} has label {stray}, outside the teacher's {soft.Classes} classes");
        }

        // Checked before libtorch loads: a student that does not fit fails fast.
        StudentShapes.Infer(architecture, set.SampleShape, soft.Classes);
        LibTorchRuntime.EnsureLoaded(cacheFolder, say);
        var trainer = new StudentTrainer(options, progress);
        // Pure distillation (alpha 1) learns from the teacher alone: the labels do not even choose
        // the epoch kept, so a student of unlabelled data trains exactly as one of labelled data.
        var training = hardLabelsOnly
            ? set
            : set with { TeacherLogits = soft.Logits, Labels = options.Alpha >= 1 ? null : set.Labels };
        var (network, report) = trainer.Train(architecture, training, soft.Classes);
        using (network)
        {
            return new DistilledStudent(StudentExporter.Export(network, soft.Interface), report, soft.Classes, soft.CacheHit, soft.PassTime);
        }
    }
}
