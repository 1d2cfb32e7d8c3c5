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
public sealed class DistilledStudentTransform(DistillationRequest request) : IVariantTransform
{
    public string Kind => "distilled";

    public int Version => 1;

    /// <summary>A student is a new graph of its own making, with no subgraphs to enter.</summary>
    public IVariantTransform? ForSubgraphs => null;

    /// <summary>The teacher's nodes are not in the student: there is nothing to leave out.</summary>
    public IVariantTransform ExcludingNodes(IReadOnlyCollection<string> nodes) => this;

    /// <summary>Where each finished epoch is told (the worker reports it as its phase).</summary>
    public Action<string>? Progress { get; set; }

    public string Spec => CanonicalJson.Write(new JsonObject
    {
        ["student"] = StudentArchitecture.Parse(request.Student).Describe(),
        ["dataset"] = request.Dataset,
        ["samples"] = request.Samples,
        ["hardLabelsOnly"] = request.HardLabelsOnly,
        ["training"] = request.Training.ToJson(),
    });

    public VariantResult Apply(OnnxModel source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var architecture = StudentArchitecture.Parse(request.Student);
        var set = TrainingSet.Load(DatasetCatalog.OpenTraining(request.Dataset), request.Samples);
        var who = request.HardLabelsOnly ? "hard-label twin" : "student";
        var distiller = new Distiller(AssetCatalog.Home, line => Progress?.Invoke(line), epoch => Progress?.Invoke($"training {who} {architecture.Name}: {EpochLine.Format(epoch)}"));
        var student = distiller.Distill(source, source.SourceName, architecture, set, request.Training, request.HardLabelsOnly);
        var training = student.Training;
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{who} '{architecture.Describe()}' trained on {set.Count} {request.Dataset} samples ({(request.HardLabelsOnly ? "labels only" : $"soft labels, T = {request.Training.Temperature}, alpha = {(set.Labels is null ? 1 : request.Training.Alpha)}")})"),
            string.Create(CultureInfo.InvariantCulture,
                $"kept epoch {training.BestEpoch} of {training.Epochs.Count} (validation accuracy {training.BestValidationAccuracy:P2}); {training.StopReason}; {training.SamplesPerSecond:0} samples/s, {training.Elapsed.TotalSeconds:0.0} s"),
            student.SoftLabelsCached
                ? "teacher soft labels: from the cache"
                : string.Create(CultureInfo.InvariantCulture, $"teacher soft labels: {set.Count} samples in {student.SoftLabelPass.TotalSeconds:0.0} s ({set.Count / Math.Max(student.SoftLabelPass.TotalSeconds, 1e-9):0} samples/s)"),
        };
        var nodes = student.Model.Graph.Node.Select(n => new NodeDecision(n.Name, n.OpType, true, "student layer")).ToList();
        return new VariantResult(student.Model, new VariantReport(Kind, nodes, notes));
    }
}
