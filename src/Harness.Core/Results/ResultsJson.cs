using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Results;

/// <summary>One JSON convention for results files and the worker protocol: camelCase, enums as text.</summary>
public static class ResultsJson
{
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = indented,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        // A metric can be undefined (CER with no reference text): written as "NaN" rather than failing the run.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Names are read whatever their case, so files written before a field took its contract
        // spelling (environment.onnxRuntime, now onnxruntime) still read.
        PropertyNameCaseInsensitive = true,
    };
}
