namespace Harness.Optimize.Quantization.Static;

/// <summary>How the QDQ quantizer treats an op type, by what ONNX Runtime's CPU provider fuses it into.</summary>
public enum QdqKind
{
    /// <summary>Conv, MatMul, Gemm: activation and int8 weight in, bias int32, output out (QLinearConv, QLinearMatMul, QGemm).</summary>
    Linear,

    /// <summary>Add, Mul: every input (constants too, at the activation type) and the output (QLinearAdd, QLinearMul).</summary>
    Binary,

    /// <summary>Sigmoid, LeakyRelu, GlobalAveragePool, AveragePool: input and output with their own ranges (QLinear* unary ops).</summary>
    Unary,

    /// <summary>Softmax: input and an output over [0, 1] (QLinearSoftmax).</summary>
    Softmax,

    /// <summary>Concat: every input and the output (QLinearConcat).</summary>
    Variadic,

    /// <summary>Ops that only move or select data: their output reuses the input's scale, so ORT drops the Q/DQ pair around them.</summary>
    SameScale,

    /// <summary>Relu, Clip: folded into the quantization of their producer's output when saturation does the same job.</summary>
    Activation,
}

/// <summary>The op types the static QDQ quantizer handles, with their treatment. Everything else stays float.</summary>
public static class QdqOperatorKinds
{
    private static readonly Dictionary<string, QdqKind> Kinds = new(StringComparer.Ordinal)
    {
        ["Conv"] = QdqKind.Linear,
        ["MatMul"] = QdqKind.Linear,
        ["Gemm"] = QdqKind.Linear,
        ["Add"] = QdqKind.Binary,
        ["Mul"] = QdqKind.Binary,
        ["Sigmoid"] = QdqKind.Unary,
        ["LeakyRelu"] = QdqKind.Unary,
        ["GlobalAveragePool"] = QdqKind.Unary,
        ["AveragePool"] = QdqKind.Unary,
        ["Softmax"] = QdqKind.Softmax,
        ["Concat"] = QdqKind.Variadic,
        ["MaxPool"] = QdqKind.SameScale,
        ["Reshape"] = QdqKind.SameScale,
        ["Transpose"] = QdqKind.SameScale,
        ["Squeeze"] = QdqKind.SameScale,
        ["Unsqueeze"] = QdqKind.SameScale,
        ["Flatten"] = QdqKind.SameScale,
        ["Slice"] = QdqKind.SameScale,
        ["Gather"] = QdqKind.SameScale,
        ["Resize"] = QdqKind.SameScale,
        ["Split"] = QdqKind.SameScale,
        ["Expand"] = QdqKind.SameScale,
        ["Tile"] = QdqKind.SameScale,
        ["Relu"] = QdqKind.Activation,
        ["Clip"] = QdqKind.Activation,
    };

    public static IReadOnlyCollection<string> Supported => Kinds.Keys;

    public static QdqKind? Of(string opType) => Kinds.TryGetValue(opType, out var kind) ? kind : null;
}
