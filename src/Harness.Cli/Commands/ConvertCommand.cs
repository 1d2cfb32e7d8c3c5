using System.CommandLine;
using System.Globalization;
using Harness.Onnx.Model;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness convert IN OUT</c>: reads a model and writes it back through Harness's own model IO.
/// It proves a model survives our reader and writer, and gathers external data beside the output.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("in") { Description = "Path of the .onnx model to read." };
        var output = new Argument<string>("out") { Description = "Path to write the model to (its external data goes beside it as OUT.data)." };
        var force = new Option<bool>("--force") { Description = "Allow OUT to be IN itself (the model is rewritten in place)." };
        var command = new Command("convert", "Read an ONNX model and write it back, keeping external data valid.") { input, output, force };
        command.SetAction(parseResult => UserErrors.Run(parseResult, console =>
        {
            var source = parseResult.GetValue(input)!;
            var target = OutputTarget.Check(source, parseResult.GetValue(output)!, parseResult.GetValue(force));
            var model = OnnxModel.Load(source);
            model.Save(target);
            console.WriteLine($"wrote {target} ({Size(target)})");
            if (model.HasExternalData)
            {
                var data = OnnxModel.ExternalDataPathFor(Path.GetFullPath(target));
                console.WriteLine($"wrote {data} ({Size(data)}, external data)");
            }

            return 0;
        }));
        return command;
    }

    private static string Size(string path) =>
        new FileInfo(path).Length.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
