namespace Harness.Onnx.Model;

/// <summary>Where a <c>TensorProto</c> keeps its values inside the model file.</summary>
public enum TensorStorage
{
    /// <summary><c>raw_data</c>: little-endian fixed-width bytes. What exporters write and what loads fastest.</summary>
    Raw,

    /// <summary>The typed repeated fields (<c>float_data</c>, <c>int32_data</c>, …): older exporters and hand-made models use them.</summary>
    Typed,
}
