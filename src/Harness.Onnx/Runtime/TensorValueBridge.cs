using Harness.Onnx.Model;

namespace Harness.Onnx.Runtime;

/// <summary>
/// Moves tensors between the model-IO form (<see cref="TensorValue"/>: name, type, dims, bytes) and
/// the runtime form (<see cref="OrtValue"/>). Both hold little-endian element bytes under one
/// element-type enum, so every fixed-width type crosses without conversion.
/// </summary>
public static class TensorValueBridge
{
    /// <summary>
    /// A runtime tensor over <paramref name="value"/>'s own bytes, pinned, not copied: test data and
    /// expected outputs can be large, and a run only reads its inputs. Writes through the returned
    /// value show in <see cref="TensorValue.Data"/>; the bytes stay pinned until it is disposed.
    /// </summary>
    /// <exception cref="NotSupportedException">The element type has no fixed width (strings).</exception>
    /// <exception cref="OrtException">ONNX Runtime has no tensors of this type (complex64 and complex128 in 1.30).</exception>
    public static OrtValue ToOrtValue(this TensorValue value, OrtLibrary? library = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return OrtValue.CreateTensor(library ?? OrtLibrary.Shared, value.Data, value.ElementType, value.Dims);
    }

    /// <summary>
    /// A copy of a runtime tensor under <paramref name="name"/> (ORT values carry no name). It is a
    /// copy because an output's memory belongs to ORT and ends with the value.
    /// </summary>
    /// <exception cref="NotSupportedException">The value is not a tensor (a sequence or map) or its element type has no fixed width.</exception>
    public static TensorValue ToTensorValue(this OrtValue value, string name)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(name);
        if (!value.IsTensor)
        {
            throw new NotSupportedException($"'{name}' is not a tensor (a sequence, map or optional value); only tensors convert to a TensorValue.");
        }

        return new TensorValue(name, value.ElementType, value.Shape, value.GetBytes().ToArray());
    }
}
