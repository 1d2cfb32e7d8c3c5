using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Assets;
using Harness.Distill;
using Harness.Distill.External;
using Harness.Distill.Teacher;
using Harness.Distill.Training;
using Harness.Evaluate;
using Harness.Onnx.Model;
using Harness.Optimize.Variants;
using Harness.Plan;

namespace Harness.Prepare;

/// <summary>
/// A <c>kind: distilled</c> variant with <c>command:</c>: the user's own training program makes
/// the student. Harness writes the teacher and its soft labels for it (<see cref="TrainingDataFolder"/>),
/// runs it within the variant's budget, and takes the ONNX file it writes at <c>{out}</c> once it
/// loads and matches the teacher's inputs and output. Keyed by the command text and the data, so
/// a second run finds the student in the variant cache (a program that changes without its
/// command changing is the user's to version, e.g. in its arguments).
/// </summary>
public sealed class ExternalStudentTransform(DistillationRequest request) : IVariantTransform
{
    public string Kind => "distilled";

    public int Version => 1;

    public IVariantTransform? ForSubgraphs => null;

    public IVariantTransform ExcludingNodes(IReadOnlyCollection<string> nodes) => this;

    /// <summary>Each line the program prints, and Harness's own steps (the worker reports them as its phase).</summary>
    public Action<string>? Progress { get; set; }

    public string Spec => CanonicalJson.Write(new JsonObject
    {
        ["command"] = request.Command,
        ["dataset"] = request.Dataset,
        ["samples"] = request.Samples,
        ["training"] = request.Training.ToJson(),
    });

    public VariantResult Apply(OnnxModel source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var command = TrainerCommand.Parse(request.Command ?? throw new InvalidOperationException("an external student needs its command"));
        var set = TrainingSet.Load(DatasetCatalog.OpenTraining(request.Dataset), request.Samples);
        var soft = TeacherSoftLabels.Compute(source, source.SourceName, set, AssetCatalog.Home, request.Training.Threads);
        var folder = Directory.CreateTempSubdirectory("harness-trainer-").FullName;
        try
        {
            var teacher = Path.Combine(folder, "teacher.onnx");
            var data = Path.Combine(folder, "train_data");
            var output = Path.Combine(folder, "student.onnx");
            source.Save(teacher);
            TrainingDataFolder.Write(data, set, soft, request.Training);
            Progress?.Invoke($"running {command.Program} on {set.Count} samples");
            var budget = request.Training.Budget ?? TimeSpan.FromMinutes(10);
            var run = ExternalTrainer.Run(command, teacher, data, output, folder, budget, line => Progress?.Invoke($"{command.Program}: {line}"));
            OnnxModel student;
            try
            {
                // Read into memory: the scratch folder is gone before the cache writes the model.
                student = OnnxModel.Parse(File.ReadAllBytes(output), output);
            }
            catch (ModelFormatException e)
            {
                throw new DistillationException($"the training program '{command.Program}' wrote a file at {{out}} that is not an ONNX model: {e.Message}", e);
            }

            StudentInterfaceCheck.Ensure(source, student);
            var notes = new List<string>
            {
                string.Create(CultureInfo.InvariantCulture, $"student trained by '{command.Text}' on {set.Count} {request.Dataset} samples in {run.Elapsed.TotalSeconds:0.0} s"),
                soft.CacheHit
                    ? "teacher soft labels: from the cache"
                    : string.Create(CultureInfo.InvariantCulture, $"teacher soft labels: {set.Count} samples in {soft.PassTime.TotalSeconds:0.0} s"),
            };

            var nodes = student.Graph.Node.Select(n => new NodeDecision(n.Name, n.OpType, true, "student layer")).ToList();
            return new VariantResult(student, new VariantReport(Kind, nodes, notes));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
