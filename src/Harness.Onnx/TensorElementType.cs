namespace Harness.Onnx;

/// <summary>
/// Element types of tensors. The values are ONNX's <c>TensorProto.DataType</c> numbers, which
/// ONNX Runtime's <c>ONNXTensorElementDataType</c> shares for 0–23, so one enum serves the model
/// files and the runtime.
/// </summary>
public enum TensorElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}

public static class TensorElementTypeExtensions
{
    /// <summary>Bytes per element, or 0 for types without a fixed width (strings).</summary>
    public static int SizeInBytes(this TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.UInt8 or TensorElementType.Int8 or TensorElementType.Bool => 1,
        TensorElementType.UInt16 or TensorElementType.Int16 or TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Double or TensorElementType.Complex64 => 8,
        TensorElementType.Complex128 => 16,
        _ => 0,
    };

    /// <summary>The lower-case name used in scenarios, reports and <c>inspect</c> output.</summary>
    public static string DisplayName(this TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        _ => type.ToString().ToLowerInvariant(),
    };
}
