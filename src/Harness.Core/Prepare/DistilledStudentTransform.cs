using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Assets;
using Harness.Distill;
using Harness.Distill.Students;
using Harness.Distill.Training;
using Harness.Evaluate;
using Harness.Onnx.Model;
using Harness.Optimize.Variants;
using Harness.Plan;

namespace Harness.Prepare;

/// <summary>
/// A <c>kind: distilled</c> variant: the model is the teacher, the variant is a student trained
/// from its soft labels (or, for the hard-label twin, from the labels alone). Like every variant
/// it is a pure function of the teacher's bytes and <see cref="Spec"/> (training is seeded), so the
/// variant cache keeps it and a second run trains nothing.
/// </summary>
public sealed class DistilledStudentTransform(DistillationRequest request) : StudentTransform(request)
{
    public override string Spec => CanonicalJson.Write(new JsonObject
    {
        ["student"] = StudentArchitecture.Parse(Request.Student).Describe(),
        ["dataset"] = Request.Dataset,
        ["samples"] = Request.Samples,
        ["hardLabelsOnly"] = Request.HardLabelsOnly,
        ["training"] = Request.Training.ToJson(),
    });

    public override VariantResult Apply(OnnxModel source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var architecture = StudentArchitecture.Parse(Request.Student);
        var set = TrainingSet.Load(DatasetCatalog.OpenTraining(Request.Dataset), Request.Samples);
        var who = Request.HardLabelsOnly ? "hard-label twin" : "student";
        var distiller = new Distiller(AssetCatalog.Home, line => Progress?.Invoke(line), epoch => Progress?.Invoke($"training {who} {architecture.Name}: {EpochLine.Format(epoch)}"));
        var student = distiller.Distill(source, source.SourceName, architecture, set, Request.Training, Request.HardLabelsOnly);
        var training = student.Training;
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{who} '{architecture.Describe()}' trained on {set.Count} {Request.Dataset} samples ({(Request.HardLabelsOnly ? "labels only" : $"soft labels, T = {Request.Training.Temperature}, alpha = {(set.Labels is null ? 1 : Request.Training.Alpha)}")})"),
            string.Create(CultureInfo.InvariantCulture,
                $"kept epoch {training.BestEpoch} of {training.Epochs.Count} (validation accuracy {training.BestValidationAccuracy:P2}); {training.StopReason}; {training.SamplesPerSecond:0} samples/s, {training.Elapsed.TotalSeconds:0.0} s"),
            student.SoftLabelsCached
                ? "teacher soft labels: from the cache"
                : string.Create(CultureInfo.InvariantCulture, $"teacher soft labels: {set.Count} samples in {student.SoftLabelPass.TotalSeconds:0.0} s ({set.Count / Math.Max(student.SoftLabelPass.TotalSeconds, 1e-9):0} samples/s)"),
        };
        return Result(student.Model, notes);
    }
}
