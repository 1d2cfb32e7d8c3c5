using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Distill.Teacher;
using Harness.Distill.Training;

namespace Harness.Distill.External;

/// <summary>
/// What an external training program gets as <c>{train_data}</c>: a folder with
/// <list type="bullet">
/// <item><c>inputs.npy</c>: float32 [samples, ..sample shape], preprocessed as the teacher takes them;</item>
/// <item><c>teacher_logits.npy</c>: float32 [samples, classes], the teacher's scores (logits, or
/// probabilities where the teacher ends in a Softmax: see <c>teacher_softmax</c>);</item>
/// <item><c>labels.npy</c>: int64 [samples], the class labels, only where the dataset has them;</item>
/// <item><c>manifest.json</c>: format <c>harness.distill-data/v1</c>, the counts and shapes, the
/// names the student must answer to (<c>input_name</c>, <c>output_name</c>), and the scenario's
/// temperature, alpha, seed and epochs for the program to use as it sees fit.</item>
/// </list>
/// </summary>
public static class TrainingDataFolder
{
    public const string Format = "harness.distill-data/v1";

    public static void Write(string folder, TrainingSet set, SoftLabels soft, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(soft);
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(folder);
        NpyFile.Write(Path.Combine(folder, "inputs.npy"), set.Inputs, [set.Count, .. set.SampleShape]);
        NpyFile.Write(Path.Combine(folder, "teacher_logits.npy"), soft.Logits, [set.Count, soft.Classes]);
        if (set.Labels is { } labels)
        {
            NpyFile.Write(Path.Combine(folder, "labels.npy"), Array.ConvertAll(labels, l => (long)l), [set.Count]);
        }

        var manifest = new JsonObject
        {
            ["format"] = Format,
            ["dataset"] = set.Name,
            ["samples"] = set.Count,
            ["sample_shape"] = new JsonArray([.. set.SampleShape.Select(d => (JsonNode)d)]),
            ["classes"] = soft.Classes,
            ["inputs"] = "inputs.npy",
            ["teacher_logits"] = "teacher_logits.npy",
            ["labels"] = set.Labels is null ? null : "labels.npy",
            ["teacher_softmax"] = soft.Interface.Softmax,
            ["input_name"] = soft.Interface.InputName,
            ["output_name"] = soft.Interface.OutputName,
            ["temperature"] = options.Temperature,
            ["alpha"] = set.Labels is null ? 1 : options.Alpha,
            ["epochs"] = options.Epochs,
            ["seed"] = options.Seed,
        };
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
