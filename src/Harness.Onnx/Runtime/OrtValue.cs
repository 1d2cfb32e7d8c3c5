using System.Runtime.InteropServices;

namespace Harness.Onnx.Runtime;

/// <summary>
/// An <c>OrtValue</c>: a tensor over pinned managed memory, over ORT-allocated memory, or a model
/// output. The static factories use <see cref="OrtLibrary.Shared"/>; pass a library to use another.
/// </summary>
public sealed unsafe class OrtValue : IDisposable
{
    private TensorElementType? _elementType;
    private long[]? _shape;
    private long _elementCount;

    internal OrtValue(ValueHandle handle) => Handle = handle;

    public TensorElementType ElementType
    {
        get
        {
            if (_elementType is null)
            {
                ReadTypeAndShape();
            }

            return _elementType.GetValueOrDefault();
        }
    }

    /// <summary>The dimensions (a copy: the value's shape never changes).</summary>
    public long[] Shape
    {
        get
        {
            if (_shape is null)
            {
                ReadTypeAndShape();
            }

            return (long[])_shape!.Clone();
        }
    }

    /// <summary>Number of elements (the product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            if (_shape is null)
            {
                ReadTypeAndShape();
            }

            return _elementCount;
        }
    }

    /// <summary>False for sequences, maps and other non-tensor outputs.</summary>
    public bool IsTensor
    {
        get
        {
            using var value = new HandleLease(Handle);
            return Handle.Api.ValueIsTensor(value.Value);
        }
    }

    internal ValueHandle Handle { get; }

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

        return OverPinned(library, data, (nuint)data.LongLength * (nuint)sizeof(T), shape, type);
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

        return OverPinned(library, data, (nuint)data.LongLength, shape, type);
    }

    /// <summary>A tensor in memory ORT allocates (zero-filled, so it never shows stale heap contents).</summary>
    public static OrtValue AllocateTensor(TensorElementType type, long[] shape) => AllocateTensor(OrtLibrary.Shared, type, shape);

    public static OrtValue AllocateTensor(OrtLibrary library, TensorElementType type, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(library);
        var size = FixedSize(type);
        var count = ElementCountOf(shape);
        var api = library.Api;
        var handle = new ValueHandle(api);
        fixed (long* dims = shape)
        {
            handle.Attach(api.NewTensor(api.DefaultAllocator, dims, (nuint)shape.Length, (int)type));
        }

        var value = new OrtValue(handle);
        if (count > 0)
        {
            NativeMemory.Clear(api.TensorData(handle.DangerousGetHandle()), (nuint)(count * size));
        }

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

        return new Span<T>(Data(), checked((int)ElementCount));
    }

    /// <summary>The tensor's data as raw little-endian bytes, for any fixed-width element type.</summary>
    public ReadOnlySpan<byte> GetBytes()
    {
        var size = FixedSize(ElementType);
        return new ReadOnlySpan<byte>(Data(), checked((int)(ElementCount * size)));
    }

    /// <summary>The tensor's data as writable raw bytes, for filling inputs whatever their element type.</summary>
    public Span<byte> GetMutableBytes()
    {
        var size = FixedSize(ElementType);
        return new Span<byte>(Data(), checked((int)(ElementCount * size)));
    }

    public void Dispose() => Handle.Dispose();

    public override string ToString() =>
        Handle.IsClosed ? "OrtValue (disposed)" : $"OrtValue {ElementType.DisplayName()}[{string.Join(", ", Shape)}]";

    private void* Data()
    {
        using var value = new HandleLease(Handle);
        return ElementCount == 0 ? null : Handle.Api.TensorData(value.Value);
    }

    private void ReadTypeAndShape()
    {
        var api = Handle.Api;
        using var value = new HandleLease(Handle);
        if (!api.ValueIsTensor(value.Value))
        {
            _elementType = TensorElementType.Undefined;
            _elementCount = 0;
            _shape = [];
            return;
        }

        using var info = new TensorTypeAndShapeInfoHandle(api);
        info.Attach(api.TensorTypeAndShape(value.Value));
        var raw = info.DangerousGetHandle();
        var rank = api.DimensionCount(raw);
        var shape = new long[(int)rank];
        fixed (long* dims = shape)
        {
            api.Dimensions(raw, dims, rank);
        }

        _elementType = (TensorElementType)api.ElementTypeOf(raw);
        _elementCount = (long)api.ElementCount(raw);
        _shape = shape;
    }

    private static OrtValue OverPinned(OrtLibrary library, Array data, nuint bytes, long[] shape, TensorElementType type)
    {
        ArgumentNullException.ThrowIfNull(library);
        var api = library.Api;
        var pin = GCHandle.Alloc(data, GCHandleType.Pinned);
        try
        {
            var handle = new ValueHandle(api);
            using var memoryInfo = new HandleLease(library.CpuMemoryInfo);
            fixed (long* dims = shape)
            {
                handle.Attach(api.NewTensorOver(memoryInfo.Value, (void*)pin.AddrOfPinnedObject(), bytes, dims, (nuint)shape.Length, (int)type));
            }

            handle.Pin(pin);
            return new OrtValue(handle);
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
