using System.Globalization;
using System.Text.Json.Serialization;
using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// One dimension of a declared tensor shape: a size, a symbolic name shared by dims that must agree
/// (e.g. "batch"), or unknown. Converts implicitly from numbers and strings, so shapes read as
/// <c>["batch", 3, 48, 192]</c>.
/// </summary>
[JsonConverter(typeof(DimensionJsonConverter))]
public readonly record struct Dimension
{
    private Dimension(long? value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    /// <summary>A dimension the model says nothing about.</summary>
    public static Dimension Unknown => default;

    public long? Value { get; }

    public string? Symbol { get; }

    public bool IsKnown => Value.HasValue;

    public static implicit operator Dimension(long value) => FromInt64(value);

    public static implicit operator Dimension(string symbol) => FromString(symbol);

    public static Dimension FromInt64(long value) =>
        value >= 0 ? new Dimension(value, null) : throw new ArgumentOutOfRangeException(nameof(value), value, "A dimension size cannot be negative.");

    /// <summary>A symbolic dimension; "?" and "" mean unknown.</summary>
    public static Dimension FromString(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return symbol is "" or "?" ? Unknown : new Dimension(null, symbol);
    }

    /// <summary>Reads a declared dim. Some exporters write -1 for "any size"; that is unknown, not a size.</summary>
    internal static Dimension FromProto(TensorShapeProto.Types.Dimension dim) => dim.ValueCase switch
    {
        TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue when dim.DimValue >= 0 => FromInt64(dim.DimValue),
        TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => FromString(dim.DimParam),
        _ => Unknown,
    };

    internal TensorShapeProto.Types.Dimension ToProto()
    {
        var dim = new TensorShapeProto.Types.Dimension();
        if (Value is { } value)
        {
            dim.DimValue = value;
        }
        else if (Symbol is { } symbol)
        {
            dim.DimParam = symbol;
        }

        return dim;
    }

    public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}
