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
        var command = new Command("convert", "Read an ONNX model and write it back, keeping external data valid.") { input, output };
        command.SetAction(parseResult => UserErrors.Run(parseResult, console =>
        {
            var target = parseResult.GetValue(output)!;
            var model = OnnxModel.Load(parseResult.GetValue(input)!);
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
