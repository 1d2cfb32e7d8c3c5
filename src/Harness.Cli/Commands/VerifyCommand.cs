using System.CommandLine;
using System.Globalization;
using Harness.Cli.Views;
using Harness.Onnx.Model;
using Harness.Verify;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness verify DIR [--rtol X] [--atol Y] [--threads N] [--json]</c>: runs a test data folder
/// in ONNX Runtime and compares every output with the expected one. Exit 0 when every set passes,
/// 1 when any set fails (a mismatch or a run ORT refused), 2 when the folder or model is unusable.
/// </summary>
internal static class VerifyCommand
{
    public const int MismatchExitCode = 1;

    public static Command Create()
    {
        var directory = new Argument<string>("dir")
        {
            Description = "Test data folder: model.onnx and test_data_set_0/, test_data_set_1/… holding input_N.pb and output_N.pb.",
        };
        var rtol = new Option<double>("--rtol")
        {
            Description = "Relative tolerance for floating-point outputs: |actual - expected| <= atol + rtol * |expected|.",
            DefaultValueFactory = _ => Tolerance.Default.Relative,
        };
        var atol = new Option<double>("--atol")
        {
            Description = "Absolute tolerance for floating-point outputs. Integer and bool outputs must match exactly.",
            DefaultValueFactory = _ => Tolerance.Default.Absolute,
        };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads; 0 lets it choose." };
        var json = new Option<bool>("--json") { Description = "Print the full result as JSON instead of one line per set." };
        var record = new Option<bool>("--record") { Description = "Write the expected outputs instead of checking them: from --model and seeded inputs into a new DIR, or from DIR's own inputs." };
        var model = new Option<string?>("--model") { Description = "With --record: the model to freeze a reference of (copied into DIR as model.onnx)." };
        var sets = new Option<int>("--sets") { Description = "With --record --model: how many seeded input sets to record.", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "With --record --model: the seed the inputs are made from.", DefaultValueFactory = _ => 1 };
        var inputShape = new Option<string[]>("--input-shape") { Description = "With --record --model: a fixed shape for an input with symbolic dimensions, NAME=D0,D1,… (repeatable)." };
        var force = new Option<bool>("--force") { Description = "With --record: replace expected outputs (or a folder's contents) that already exist." };
        var command = new Command("verify", "Run a model's test data sets in ONNX Runtime and compare the outputs with the expected ones, or record them (--record).")
        {
            directory, rtol, atol, threads, json, record, model, sets, seed, inputShape, force,
        };
        command.SetAction(parseResult => UserErrors.Run(parseResult, output =>
        {
            if (parseResult.GetValue(record))
            {
                var folder = parseResult.GetValue(directory)!;
                var written = Record(folder, parseResult.GetValue(model), parseResult.GetValue(sets), parseResult.GetValue(seed),
                    parseResult.GetValue(inputShape) ?? [], ThreadCount(parseResult.GetValue(threads)), parseResult.GetValue(force));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"recorded {written.Sets.Count} sets in {folder}: inputs and the outputs ONNX Runtime computes on the CPU; check a variant or another build against them with harness verify"));
                return 0;
            }

            var options = new VerifyOptions
            {
                Tolerance = new Tolerance(
                    NonNegative(parseResult.GetValue(rtol), "--rtol"),
                    NonNegative(parseResult.GetValue(atol), "--atol")),
                Threads = ThreadCount(parseResult.GetValue(threads)),
            };
            var result = ModelVerifier.Verify(parseResult.GetValue(directory)!, options);
            if (parseResult.GetValue(json))
            {
                output.WriteLine(result.ToJson());
            }
            else
            {
                VerifyResultView.Write(result, output);
            }

            return result.Passed ? 0 : MismatchExitCode;
        }));
        return command;
    }

    private static TestDataDirectory Record(string folder, string? model, int sets, int seed, string[] shapes, int threads, bool force)
    {
        if (model is null)
        {
            var existing = TestDataDirectory.Load(folder);
            if (!force && existing.Sets.FirstOrDefault(s => s.ExpectedOutputs.Count > 0) is { } recorded)
            {
                throw new UsageException($"{folder}/{recorded.Name} already has expected outputs; add --force to compute them again from its inputs");
            }

            return TestDataRecorder.RecordOutputs(folder, threads);
        }

        if (sets < 1)
        {
            throw new UsageException($"--sets must be at least 1, got {sets}.");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !force)
        {
            throw new UsageException($"{folder} is not empty; record into a new folder, or add --force to write over it");
        }

        return TestDataRecorder.RecordNew(model, folder, sets, seed, Optimize.Quantization.Calibration.CalibrationShapes.ParseAll(shapes), threads);
    }

    private static int ThreadCount(int value) =>
        value >= 0 ? value : throw new UsageException($"--threads must be 0 (ONNX Runtime chooses) or more, got {value}.");

    private static double NonNegative(double value, string option) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new UsageException($"{option} must be a finite number ≥ 0, got {value.ToString(CultureInfo.InvariantCulture)}.");
}
