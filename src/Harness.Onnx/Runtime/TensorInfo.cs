namespace Harness.Onnx.Runtime;

/// <summary>
/// One model input or output as ORT reports it. <see cref="Shape"/> holds -1 for a dynamic
/// dimension; <see cref="SymbolicDimensions"/> holds that dimension's name, or null when it has
/// none (fixed, or dynamic but unnamed). A non-tensor value (sequence, map, optional) has
/// <see cref="IsTensor"/> false, element type Undefined and an empty shape.
/// </summary>
public sealed record TensorInfo(string Name, TensorElementType ElementType, long[] Shape, string?[] SymbolicDimensions)
{
    public bool IsTensor { get; init; } = true;

    public override string ToString() =>
        IsTensor
            ? $"{Name}: {ElementType.DisplayName()}[{string.Join(", ", Shape.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : SymbolicDimensions[i] ?? "?"))}]"
            : $"{Name}: (non-tensor)";
}
