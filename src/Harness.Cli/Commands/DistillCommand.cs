using System.CommandLine;
using System.Globalization;
using Harness.Distill.Training;
using Harness.Evaluate;
using Harness.Optimize.Variants;
using Harness.Plan;
using Harness.Prepare;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness distill TEACHER --student mlp</c>: one teacher and one student outside a scenario.
/// It makes the same variant a scenario's <c>kind: distilled</c> makes, through the same cache, so
/// a student trained here is found by a scenario with the same settings, and the other way round.
/// </summary>
internal static class DistillCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions(Budget: TimeSpan.FromMinutes(2));
        var teacher = new Argument<string>("teacher") { Description = "Path of the teacher: an ONNX classifier (one input, class scores or probabilities out)." };
        var student = new Option<string>("--student") { Description = "A preset (mlp, mlp-tiny, cnn-small, cnn-lines, cnn-teacher) or layers separated by commas, e.g. \"conv 8 3, relu, maxpool 2, flatten\".", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "The dataset whose training split gives the inputs.", DefaultValueFactory = _ => DatasetCatalog.TrainingSets[0] };
        dataset.AcceptOnlyFromAmong([.. DatasetCatalog.TrainingSets]);
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the student (default: ./TEACHER.student.onnx)." };
        var samples = new Option<int>("--samples") { Description = "Training samples read from the dataset.", DefaultValueFactory = _ => 60_000 };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => defaults.Epochs };
        var budget = new Option<string>("--budget") { Description = "Training stops once this much time has passed (e.g. 90s, 2m).", DefaultValueFactory = _ => "2m" };
        var temperature = new Option<double>("--temperature") { DefaultValueFactory = _ => defaults.Temperature };
        var alpha = new Option<double>("--alpha") { Description = "Weight of the distillation term; 1 − alpha goes to the labels.", DefaultValueFactory = _ => defaults.Alpha };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--threads") { Description = "Training threads.", DefaultValueFactory = _ => defaults.Threads };
        var hardLabels = new Option<bool>("--hard-labels") { Description = "Train on the labels alone (the hard-label twin), for comparison." };
        var force = new Option<bool>("--force") { Description = "Allow the output to be the teacher itself (replaced in place)." };
        var command = new Command("distill", "Train a student from a teacher's soft labels on TorchSharp and write it as ONNX.")
        {
            teacher, student, dataset, output, samples, epochs, budget, temperature, alpha, seed, threads, hardLabels, force,
        };
        command.SetAction(parse => UserErrors.Run(parse, console =>
        {
            var source = parse.GetValue(teacher)!;
            if (!Quantities.TryParseMilliseconds(parse.GetValue(budget)!, out var budgetMs) || budgetMs <= 0)
            {
                throw new UsageException($"--budget {parse.GetValue(budget)}: expected a positive duration such as 90s or 2m");
            }

            var options = defaults with
            {
                Epochs = parse.GetValue(epochs),
                Budget = TimeSpan.FromMilliseconds(budgetMs),
                Temperature = parse.GetValue(temperature),
                Alpha = parse.GetValue(alpha),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
            };
            options.Validate();
            var request = new DistillationRequest(parse.GetValue(student)!, parse.GetValue(dataset)!, parse.GetValue(samples), options, parse.GetValue(hardLabels), Twin: false);
            var target = OutputTarget.Check(source, parse.GetValue(output) ?? $"{Path.GetFileNameWithoutExtension(source)}.student.onnx", parse.GetValue(force));
            var transform = new DistilledStudentTransform(request) { Progress = console.WriteLine };
            var entry = new VariantCache(VariantPreparer.CacheRoot).GetOrCreate(source, transform);
            File.Copy(entry.ModelPath, target, overwrite: true);
            foreach (var note in VariantCache.ReadReport(entry)?.Notes ?? [])
            {
                console.WriteLine(note);
            }

            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"student{(entry.Hit ? " (from the cache)" : string.Empty)}: {target}"));
            return 0;
        }));
        return command;
    }
}
