using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Optimize.Graph;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Variants;

namespace Harness.Optimize.Quantization.Static;

/// <summary>
/// Static int8 quantization in QDQ form: prepare the float graph, calibrate every float activation
/// on the given data, place Q/DQ pairs and quantized weights (<see cref="QdqPlacement"/>), and write
/// them into the graph (<see cref="QdqInsertion"/>). ONNX Runtime turns the result into int8
/// kernels when it loads it; the file itself stays a standard ONNX model any runtime can run.
/// </summary>
public sealed class QdqStaticQuantizer : IVariantTransform
{
    private readonly StaticQuantizationOptions options;
    private readonly ICalibrationDataSource data;
    private readonly OrtLibrary? library;

    public QdqStaticQuantizer(StaticQuantizationOptions options, ICalibrationDataSource data, OrtLibrary? library = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        this.options = options;
        this.data = data;
        this.library = library;
    }

    public string Kind => "int8-static-qdq";

    public int Version => 4;

    public string Spec => CanonicalJson.Write(new JsonObject
    {
        ["kind"] = Kind,
        ["options"] = options.ToJson(),
        ["calibrationData"] = data.Description,
    });

    public IVariantTransform? ForSubgraphs => null;

    public IVariantTransform ExcludingNodes(IReadOnlyCollection<string> nodes) =>
        new QdqStaticQuantizer(options with { ExcludedNodes = [.. options.ExcludedNodes, .. nodes] }, data, library);

    public VariantResult Apply(OnnxModel source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var graph = ModelGraph.From(source);
        var notes = QuantizationPreparation.Apply(graph);
        var types = ValueTypes.Infer(graph);
        var activations = graph.Graph.Input.Select(i => i.Name).Where(graph.IsGraphInput)
            .Concat(graph.Nodes.SelectMany(n => n.Output))
            .Where(name => name.Length > 0 && types.GetValueOrDefault(name) == TensorElementType.Float)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var ranges = ActivationCalibrator.Collect(graph, activations, data, options.Calibration, library);
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"calibrated {ranges.Count} float activations with {options.Calibration.Method} on {data.Description}"));

        if (options.ActivationType == QuantType.Int8)
        {
            notes.Add("int8 activations: ONNX Runtime's x86 CPU provider fuses far fewer int8 × int8 groups than uint8 × int8 ones " +
                "(many convolutions run in float between DequantizeLinear and QuantizeLinear); uint8, the default, is usually faster there.");
        }

        var plan = QdqPlacement.Plan(graph, options, ranges);
        if (PerTensorWeightCheck.Check(graph, plan) is { } warning)
        {
            notes.Add(warning);
        }

        QdqInsertion.Apply(graph, plan, options);
        return new VariantResult(graph.ToModel(), new VariantReport(Kind, plan.Decisions, notes));
    }
}
