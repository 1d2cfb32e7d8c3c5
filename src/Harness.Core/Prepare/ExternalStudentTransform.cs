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
public sealed class ExternalStudentTransform(DistillationRequest request) : StudentTransform(request)
{
    public override string Spec => CanonicalJson.Write(new JsonObject
    {
        ["command"] = Request.Command,
        ["dataset"] = Request.Dataset,
        ["samples"] = Request.Samples,
        ["training"] = Request.Training.ToJson(),
    });

    public override VariantResult Apply(OnnxModel source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var command = TrainerCommand.Parse(Request.Command ?? throw new InvalidOperationException("an external student needs its command"));
        var set = TrainingSet.Load(DatasetCatalog.OpenTraining(Request.Dataset), Request.Samples);
        var soft = TeacherSoftLabels.Compute(source, source.SourceName, set, AssetCatalog.Home, Request.Training.Threads);
        var folder = Directory.CreateTempSubdirectory("harness-trainer-").FullName;
        try
        {
            var teacher = Path.Combine(folder, "teacher.onnx");
            var data = Path.Combine(folder, "train_data");
            var output = Path.Combine(folder, "student.onnx");
            source.Save(teacher);
            TrainingDataFolder.Write(data, set, soft, Request.Training);
            Progress?.Invoke($"running {command.Program} on {set.Count} samples");
            var budget = Request.Training.Budget ?? TimeSpan.FromMinutes(10);
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
                string.Create(CultureInfo.InvariantCulture, $"student trained by '{command.Text}' on {set.Count} {Request.Dataset} samples in {run.Elapsed.TotalSeconds:0.0} s"),
                soft.CacheHit
                    ? "teacher soft labels: from the cache"
                    : string.Create(CultureInfo.InvariantCulture, $"teacher soft labels: {set.Count} samples in {soft.PassTime.TotalSeconds:0.0} s"),
            };

            return Result(student, notes);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
