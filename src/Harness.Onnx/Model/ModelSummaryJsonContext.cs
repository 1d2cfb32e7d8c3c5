using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Onnx.Model;

/// <summary>
/// Compile-time JSON contract for <see cref="ModelSummary"/>: camelCase names, properties in
/// declaration order, no reflection, so the output is the same on every run and platform.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ModelSummary))]
internal sealed partial class ModelSummaryJsonContext : JsonSerializerContext;
