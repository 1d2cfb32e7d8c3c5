using Harness.Optimize.Quantization;
using Harness.Optimize.Quantization.Calibration;
using Harness.Prepare;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// Reads one entry of a model's <c>variants</c>: a bare kind (<c>int8-dynamic</c>, <c>int8-static</c>,
/// <c>fp16</c>, <c>int4</c>) or a mapping with options. Kinds come from <see cref="VariantKinds"/>,
/// the table the preparer and the quantize verb read too.
/// </summary>
internal static class VariantReader
{
    private static readonly string[] Keys = ["name", "kind", "calibration", "per_channel", "activation_type", "exclude_ops", "exclude_nodes", "keep_io_types", .. DistillationReader.Keys];

    private static readonly string[] CalibrationKeys = ["dataset", "samples", "method", "seed"];

    public static VariantRequest Read(YamlNode node, string file, string context)
    {
        if (node is YamlScalarNode { Value: { } bare })
        {
            if (bare == VariantKind.Distilled.Name())
            {
                throw YamlMap.Error(file, node, "a distilled variant needs its student and training data: write it as a mapping, e.g. { name: student, kind: distilled, student: mlp, dataset: fashion-mnist }");
            }

            return VariantKinds.ByScenarioName.TryGetValue(bare, out var bareKind)
                ? new VariantRequest(bare, bareKind, bareKind == VariantKind.Int8Static ? CalibrationRequest.Default : null, true, QuantType.UInt8, [], [], true)
                : throw YamlMap.Error(file, node, $"unknown variant '{bare}'; expected one of: {string.Join(", ", VariantKinds.ByScenarioName.Keys)}");
        }

        var map = new YamlMap(node, file, context, Keys);
        var kind = map.ReadChoice(map.Require("kind"), "kind", VariantKinds.ByScenarioName);
        CalibrationRequest? calibration = null;
        if (kind == VariantKind.Int8Static)
        {
            calibration = map.Get("calibration") is { } calibrationNode
                ? ReadCalibration(new YamlMap(calibrationNode, file, context + ".calibration", CalibrationKeys))
                : CalibrationRequest.Default;
        }
        else if (map.Get("calibration") is { } stray)
        {
            throw map.Error(stray, $"'calibration' applies to int8-static variants only, not {kind.Name()}");
        }

        var distillation = DistillationReader.Read(map, kind);
        return new VariantRequest(
            map.OptionalString("name") ?? kind.Name(),
            kind,
            calibration,
            map.OptionalBool("per_channel", true),
            map.OptionalChoice("activation_type", QuantType.UInt8, QuantTypes.ByName),
            map.OptionalNames("exclude_ops"),
            map.OptionalNames("exclude_nodes"),
            map.OptionalBool("keep_io_types", true)) { Distillation = distillation };
    }

    private static CalibrationRequest ReadCalibration(YamlMap map)
    {
        var defaults = CalibrationRequest.Default;
        return new CalibrationRequest(
            map.Get("dataset") is { } datasetNode ? DatasetName.Read(map, datasetNode) : null,
            map.OptionalInt("samples", defaults.Samples, 1, 100_000),
            map.OptionalChoice("method", defaults.Method, CalibrationMethods.ByName),
            map.OptionalInt("seed", defaults.Seed, int.MinValue, int.MaxValue));
    }
}
