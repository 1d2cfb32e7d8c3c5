using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Onnx.Model;

/// <summary>A dimension in JSON is what a person would write: a number, a symbolic name, or "?".</summary>
internal sealed class DimensionJsonConverter : JsonConverter<Dimension>
{
    public override Dimension Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => Dimension.FromInt64(reader.GetInt64()),
        JsonTokenType.String => Dimension.FromString(reader.GetString() ?? ""),
        JsonTokenType.Null => Dimension.Unknown,
        _ => throw new JsonException($"A dimension is a number or a string, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, Dimension value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Value is { } size)
        {
            writer.WriteNumberValue(size);
        }
        else
        {
            writer.WriteStringValue(value.ToString());
        }
    }
}
