using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using ManagedElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using ManagedOrtValue = Microsoft.ML.OnnxRuntime.OrtValue;

namespace Harness.Onnx.Runtime;

/// <summary>
/// A tensor over pinned managed memory, over ORT-allocated memory, or a model output, under
/// Harness's element types and as raw little-endian bytes (what model IO, generated inputs and
/// request coalescing all work in). The data's address and size are read once: a tensor's memory
/// never moves or resizes, so the hot path's byte views cost no call into ORT.
/// </summary>
public sealed unsafe class OrtValue : LeasedNative
{
    private readonly ManagedOrtValue _value;
    private GCHandle _pin;
    private TensorElementType _elementType;
    private long[]? _shape;
    private long _elementCount;
    private byte* _data;
    private int _byteCount;

    internal OrtValue(ManagedOrtValue value, GCHandle pin = default)
    {
        _value = value;
        _pin = pin;
    }

    // Only a value over a pinned array needs this: everything else is released by the .NET API's own finalizers.
    ~OrtValue()
    {
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }

    public TensorElementType ElementType
    {
        get
        {
            ReadTypeAndShape();
            return _elementType;
        }
    }

    /// <summary>The dimensions (a copy: the value's shape never changes).</summary>
    public long[] Shape
    {
        get
        {
            ReadTypeAndShape();
            return (long[])_shape!.Clone();
        }
    }

    /// <summary>Number of elements (the product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            ReadTypeAndShape();
            return _elementCount;
        }
    }

    /// <summary>False for sequences, maps and other non-tensor outputs.</summary>
    public bool IsTensor
    {
        get
        {
            ThrowIfDisposed();
            return _value.IsTensor;
        }
    }

    /// <summary>The .NET API's value, for a call made now.</summary>
    internal ManagedOrtValue Native
    {
        get
        {
            ThrowIfDisposed();
            return _value;
        }
    }

    /// <summary>The .NET API's value, for a lease holder (no disposed check: its lease keeps the value alive).</summary>
    internal ManagedOrtValue Leased => _value;

    /// <summary>A tensor over <paramref name="data"/>, which stays pinned until the value is released.</summary>
    public static OrtValue CreateTensor<T>(T[] data, long[] shape)
        where T : unmanaged => CreateTensor(OrtLibrary.Shared, data, shape);

    public static OrtValue CreateTensor<T>(OrtLibrary library, T[] data, long[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var type = ElementTypes.Of<T>();
        if (type == TensorElementType.Undefined)
        {
            throw new NotSupportedException($"{typeof(T).Name} has no ONNX tensor element type.");
        }

        var count = ElementCountOf(shape);
        if (count != data.LongLength)
        {
            throw new ArgumentException(
                $"Shape [{string.Join(", ", shape)}] holds {count} elements but the array has {data.LongLength}.", nameof(data));
        }

        return OverPinned(library, data, data.LongLength * sizeof(T), shape, type);
    }

    /// <summary>A tensor over raw little-endian bytes, which stay pinned until the value is released.</summary>
    public static OrtValue CreateTensor(byte[] data, TensorElementType type, long[] shape) =>
        CreateTensor(OrtLibrary.Shared, data, type, shape);

    public static OrtValue CreateTensor(OrtLibrary library, byte[] data, TensorElementType type, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var size = FixedSize(type);
        var count = ElementCountOf(shape);
        if (count * size != data.LongLength)
        {
            throw new ArgumentException(
                $"Shape [{string.Join(", ", shape)}] of {type.DisplayName()} needs {count * size} bytes but the array has {data.LongLength}.",
                nameof(data));
        }

        return OverPinned(library, data, data.LongLength, shape, type);
    }

    /// <summary>A tensor in memory ORT allocates (zero-filled, so it never shows stale heap contents).</summary>
    public static OrtValue AllocateTensor(TensorElementType type, long[] shape) => AllocateTensor(OrtLibrary.Shared, type, shape);

    public static OrtValue AllocateTensor(OrtLibrary library, TensorElementType type, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(library);
        FixedSize(type);
        ElementCountOf(shape);
        ManagedOrtValue allocated;
        try
        {
            allocated = ManagedOrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (ManagedElementType)type, shape);
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtException.From(e);
        }

        var value = new OrtValue(allocated);
        value.GetMutableBytes().Clear();
        return value;
    }

    /// <summary>The tensor's elements; <typeparamref name="T"/> must match <see cref="ElementType"/>.</summary>
    public Span<T> GetSpan<T>()
        where T : unmanaged
    {
        var type = ElementType;
        if (ElementTypes.Of<T>() != type)
        {
            throw new InvalidOperationException($"The tensor holds {type.DisplayName()}, not {typeof(T).Name}.");
        }

        return MemoryMarshal.Cast<byte, T>(GetMutableBytes());
    }

    /// <summary>The tensor's data as raw little-endian bytes, for any fixed-width element type.</summary>
    public ReadOnlySpan<byte> GetBytes() => GetMutableBytes();

    /// <summary>The tensor's data as writable raw bytes, for filling inputs whatever their element type.</summary>
    public Span<byte> GetMutableBytes()
    {
        ThrowIfDisposed();
        if (_data == null && _byteCount == 0)
        {
            ReadData();
        }

        return new Span<byte>(_data, _byteCount);
    }

    public override string ToString() =>
        IsDisposed ? "OrtValue (disposed)" : $"OrtValue {ElementType.DisplayName()}[{string.Join(", ", Shape)}]";

    private protected override void ReleaseNative()
    {
        _value.Dispose();
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReadData()
    {
        var size = FixedSize(ElementType);
        var byteCount = checked((int)(ElementCount * size));
        if (byteCount > 0)
        {
            _data = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(_value.GetTensorMutableRawData()));
            _byteCount = byteCount;
        }
    }

    private void ReadTypeAndShape()
    {
        ThrowIfDisposed();
        if (_shape is not null)
        {
            return;
        }

        if (!_value.IsTensor)
        {
            _elementType = TensorElementType.Undefined;
            _elementCount = 0;
            _shape = [];
            return;
        }

        var info = _value.GetTensorTypeAndShape();
        _elementType = (TensorElementType)(int)info.ElementDataType;
        _elementCount = info.ElementCount;
        _shape = info.Shape;
    }

    private static OrtValue OverPinned(OrtLibrary library, Array data, long bytes, long[] shape, TensorElementType type)
    {
        ArgumentNullException.ThrowIfNull(library);
        var pin = GCHandle.Alloc(data, GCHandleType.Pinned);
        try
        {
            var value = ManagedOrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance, (ManagedElementType)type, shape, pin.AddrOfPinnedObject(), bytes);
            return new OrtValue(value, pin);
        }
        catch (OnnxRuntimeException e)
        {
            pin.Free();
            throw OrtException.From(e);
        }
        catch
        {
            pin.Free();
            throw;
        }
    }

    private static long FixedSize(TensorElementType type)
    {
        var size = type.SizeInBytes();
        return size > 0
            ? size
            : throw new NotSupportedException($"Tensors of {type.DisplayName()} have no fixed element size; only fixed-width types are supported.");
    }

    private static long ElementCountOf(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Shape [{string.Join(", ", shape)}] has a negative dimension; tensors need concrete sizes.", nameof(shape));
            }

            count = checked(count * dim);
        }

        return count;
    }
}
