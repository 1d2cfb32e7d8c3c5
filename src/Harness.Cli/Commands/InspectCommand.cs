using System.CommandLine;
using Harness.Cli.Views;
using Harness.Onnx.Model;

namespace Harness.Cli.Commands;

/// <summary><c>harness inspect MODEL [--json]</c>: what a model takes, returns, imports and contains.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Path of the .onnx model file." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON (stable property order) instead of tables." };
        var command = new Command("inspect", "Summarize an ONNX model: inputs, outputs, opsets, parameters and operators.") { model, json };
        command.SetAction(parseResult => UserErrors.Run(parseResult, output =>
        {
            var summary = ModelInspector.Inspect(parseResult.GetValue(model)!);
            if (parseResult.GetValue(json))
            {
                output.WriteLine(summary.ToJson());
            }
            else
            {
                ModelSummaryView.Write(summary, output);
            }

            return 0;
        }));
        return command;
    }
}
