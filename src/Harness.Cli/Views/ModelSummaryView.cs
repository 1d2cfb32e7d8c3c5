using System.Globalization;
using Harness.Onnx.Model;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Harness.Cli.Views;

/// <summary>Renders a <see cref="ModelSummary"/> as tables for a person at a terminal.</summary>
internal static class ModelSummaryView
{
    public static void Write(ModelSummary summary, TextWriter output)
    {
        // A console bound to the verb's writer (not the global AnsiConsole) so output can be
        // redirected per invocation; escape codes only when that writer is a real terminal, so
        // piped or captured output is plain text.
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        console.Write(Overview(summary));
        console.Write(Signatures("Inputs", summary.Inputs));
        console.Write(Signatures("Outputs", summary.Outputs));
        console.Write(Operators(summary));
    }

    private static Grid Overview(ModelSummary s)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        Row(grid, "model", s.Path);
        Row(grid, "file size", Bytes(s.FileBytes));
        Row(grid, "ir version", Number(s.IrVersion));
        Row(grid, "producer", $"{s.ProducerName} {s.ProducerVersion}".Trim());
        Row(grid, "opsets", string.Join(", ", s.Opsets.Select(o => $"{o.Domain} {Number(o.Version)}")));
        Row(grid, "parameters", $"{Number(s.ParameterCount)} ({Bytes(s.ParameterBytes)})");
        Row(grid, "nodes", Number(s.NodeCount) + (s.SubgraphCount > 0 ? $" (main graph and {Number(s.SubgraphCount)} subgraphs)" : string.Empty));
        return grid;
    }

    private static Table Signatures(string title, IReadOnlyList<TensorSignature> signatures)
    {
        var table = new Table().Title(title).AddColumns("name", "type", "shape");
        foreach (var signature in signatures)
        {
            table.AddRow(Text(signature.Name), Text(signature.ElementType), Text(signature.ShapeText));
        }

        return table;
    }

    private static Table Operators(ModelSummary s)
    {
        var table = new Table().Title("Operators").AddColumn("op type").AddColumn(new TableColumn("count").RightAligned());
        foreach (var op in s.OpTypes)
        {
            table.AddRow(Text(op.OpType), Text(Number(op.Count)));
        }

        return table;
    }

    private static void Row(Grid grid, string label, string value) => grid.AddRow(Text(label), Text(value));

    // Model-supplied names may contain '[' which Spectre would read as markup; Text never parses markup.
    private static IRenderable Text(string value) => new Text(value);

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 30 => (bytes / (double)(1 << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1 << 20 => (bytes / (double)(1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1 << 10 => (bytes / (double)(1 << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
