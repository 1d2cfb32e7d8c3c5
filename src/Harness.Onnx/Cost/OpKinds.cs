namespace Harness.Onnx.Cost;

/// <summary>The op types the cost counter knows by family: which keep their input's shape, which broadcast.</summary>
internal static class OpKinds
{
    /// <summary>One operation per output element, whatever the function costs on real hardware.</summary>
    public static readonly HashSet<string> ElementwiseUnary = new(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Clip", "Exp", "Log",
        "Sqrt", "Reciprocal", "Neg", "Abs", "Erf", "Gelu", "Softplus", "Mish", "Floor", "Ceil", "Round", "Sin", "Cos",
        "Softmax", "LogSoftmax", "BatchNormalization", "InstanceNormalization", "LayerNormalization",
    };

    /// <summary>One operation per output element, inputs broadcast numpy-style.</summary>
    public static readonly HashSet<string> ElementwiseBinary = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Mean", "Sum", "Where", "Equal", "Less", "Greater", "And", "Or",
    };

    /// <summary>Ops whose output has the first input's shape and no cost of their own.</summary>
    public static readonly HashSet<string> ShapeKeeping = new(StringComparer.Ordinal)
    {
        "Identity", "Dropout", "Cast", "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "Not",
    };

    public static bool IsElementwise(string opType) => ElementwiseUnary.Contains(opType) || ElementwiseBinary.Contains(opType);

    public static bool IsInteger(string opType) => opType is "ConvInteger" or "QLinearConv" or "MatMulInteger";
}
