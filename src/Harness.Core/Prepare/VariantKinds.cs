using Harness.Optimize.Precision;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Quantization.Dynamic;
using Harness.Optimize.Quantization.Static;
using Harness.Optimize.Quantization.WeightOnly;
using Harness.Optimize.Variants;
using Harness.Plan;

namespace Harness.Prepare;

/// <summary>
/// One kind of variant: the name scenarios and results use, the shorter name the quantize verb
/// also accepts, and how its rewriter transform is made from a request.
/// </summary>
/// <param name="CreateTransform">The transform for a request; calibration data is asked for only by kinds that calibrate.</param>
public sealed record VariantKindEntry(
    VariantKind Kind,
    string Name,
    string ShortName,
    Func<VariantRequest, Func<ICalibrationDataSource>, IVariantTransform> CreateTransform);

/// <summary>
/// The one table of variant kinds. Scenarios (<c>kind: int8-static</c>), the quantize verb
/// (<c>--mode static</c>), results (<c>variantInfo.kind</c>) and the preparer all read it, so a
/// new kind is one entry here and one <see cref="VariantKind"/> value.
/// </summary>
public static class VariantKinds
{
    public static IReadOnlyList<VariantKindEntry> All { get; } =
    [
        new(VariantKind.Int8Dynamic, "int8-dynamic", "dynamic", (request, _) => new DynamicQuantizer(new DynamicQuantizationOptions
        {
            PerChannel = request.PerChannel,
            ExcludedOpTypes = request.ExcludeOps,
            ExcludedNodes = request.ExcludeNodes,
        })),
        new(VariantKind.Int8Static, "int8-static", "static", (request, calibration) => new QdqStaticQuantizer(
            new StaticQuantizationOptions
            {
                Calibration = new CalibrationSettings { Method = (request.Calibration ?? CalibrationRequest.Default).Method },
                ActivationType = request.ActivationType,
                PerChannel = request.PerChannel,
                ExcludedOpTypes = request.ExcludeOps,
                ExcludedNodes = request.ExcludeNodes,
            },
            calibration())),
        new(VariantKind.Float16, "fp16", "fp16", (request, _) => new Float16Converter(new Float16Options
        {
            KeepIoTypes = request.KeepIoTypes,
            BlockedOps = [.. Float16Options.DefaultBlockedOps, .. request.ExcludeOps],
            BlockedNodes = request.ExcludeNodes,
        })),
        new(VariantKind.Int4, "int4", "int4", (request, _) => new MatMulNBitsQuantizer(new MatMulNBitsOptions { ExcludedNodes = request.ExcludeNodes })),
        new(VariantKind.Distilled, "distilled", "distilled", (request, _) =>
            (request.Distillation ?? throw new ArgumentException("A distilled variant request carries its distillation settings.", nameof(request))) is { Command: not null } external
                ? new ExternalStudentTransform(external)
                : new DistilledStudentTransform(request.Distillation)),
    ];

    /// <summary>Every name a kind is known by (full and short), each once, for lookups from text.</summary>
    public static IReadOnlyDictionary<string, VariantKind> ByName { get; } = All
        .SelectMany(e => new[] { (e.Name, e.Kind), (e.ShortName, e.Kind) })
        .DistinctBy(n => n.Item1)
        .ToDictionary(n => n.Item1, n => n.Item2, StringComparer.Ordinal);

    /// <summary>The names scenarios use, one per kind.</summary>
    public static IReadOnlyDictionary<string, VariantKind> ByScenarioName { get; } =
        All.ToDictionary(e => e.Name, e => e.Kind, StringComparer.Ordinal);

    public static VariantKindEntry Of(VariantKind kind) =>
        All.FirstOrDefault(e => e.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "a variant kind without an entry in VariantKinds.All");

    /// <summary>The kind's name in scenarios and results (int8-static, fp16, …).</summary>
    public static string Name(this VariantKind kind) => Of(kind).Name;
}
