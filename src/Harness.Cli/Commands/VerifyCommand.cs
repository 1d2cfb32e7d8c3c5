using System.CommandLine;
using System.Globalization;
using Harness.Cli.Views;
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
        var command = new Command("verify", "Run a model's test data sets in ONNX Runtime and compare the outputs with the expected ones.")
        {
            directory, rtol, atol, threads, json,
        };
        command.SetAction(parseResult => UserErrors.Run(parseResult, output =>
        {
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

    private static int ThreadCount(int value) =>
        value >= 0 ? value : throw new UsageException($"--threads must be 0 (ONNX Runtime chooses) or more, got {value}.");

    private static double NonNegative(double value, string option) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new UsageException($"{option} must be a finite number ≥ 0, got {value.ToString(CultureInfo.InvariantCulture)}.");
}
