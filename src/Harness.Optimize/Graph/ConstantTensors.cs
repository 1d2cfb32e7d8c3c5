using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>Small constant tensors the passes add as initializers, and reading them back as numbers.</summary>
public static class ConstantTensors
{
    public static TensorProto Int64s(string name, params long[] values) => TensorData.Create<long>(name, values, [values.Length]);

    /// <summary>A scalar of a floating-point element type (float32, float16 or float64).</summary>
    public static TensorProto FloatScalar(string name, TensorElementType type, double value) => type switch
    {
        TensorElementType.Float => TensorData.Create<float>(name, [(float)value], []),
        TensorElementType.Float16 => TensorData.Create<Half>(name, [(Half)value], []),
        TensorElementType.Double => TensorData.Create<double>(name, [value], []),
        _ => throw new ArgumentException($"{type.DisplayName()} is not a floating-point element type.", nameof(type)),
    };

    /// <summary>Every element as a double, for element types a pass may need to read (floats and integers).</summary>
    public static double[]? AsDoubles(TensorValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.ElementType switch
        {
            TensorElementType.Float => Array.ConvertAll(value.ToArray<float>(), v => (double)v),
            TensorElementType.Double => value.ToArray<double>(),
            TensorElementType.Float16 => Array.ConvertAll(value.ToArray<Half>(), v => (double)v),
            TensorElementType.Int64 => Array.ConvertAll(value.ToArray<long>(), v => (double)v),
            TensorElementType.Int32 => Array.ConvertAll(value.ToArray<int>(), v => (double)v),
            _ => null,
        };
    }

    /// <summary>An int64 initializer's values, or null when the value is not a constant int64 tensor.</summary>
    public static long[]? ReadInt64s(ModelGraph graph, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Initializer(name) is { } tensor && TensorData.ElementTypeOf(tensor) == TensorElementType.Int64
            ? graph.ReadTensor(tensor).ToArray<long>()
            : null;
    }
}
