using System.Runtime.InteropServices;

namespace Harness.Onnx.Runtime;

/// <summary>
/// A native ORT object. Release happens exactly once, when the last lease (ours or a dependent
/// handle's) ends, so a session disposed while a <see cref="PreparedRun"/> or an
/// <see cref="IoBinding"/> still uses it stays alive natively until they are gone too.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    private List<OrtHandle>? _dependencies;

    private protected OrtHandle(OrtApi api)
        : base(0, ownsHandle: true) => Api = api;

    internal OrtApi Api { get; }

    public override bool IsInvalid => handle == 0;

    /// <summary>Takes ownership of a freshly created native object.</summary>
    internal void Attach(nint value) => SetHandle(value);

    /// <summary>Keeps <paramref name="other"/> from being released before this handle is.</summary>
    internal void AddDependency(OrtHandle other)
    {
        var added = false;
        other.DangerousAddRef(ref added);
        (_dependencies ??= []).Add(other);
    }

    /// <summary>Ends a dependency added by <see cref="AddDependency"/> (e.g. an input that was re-bound).</summary>
    internal void RemoveDependency(OrtHandle other)
    {
        if (_dependencies is not null && _dependencies.Remove(other))
        {
            other.DangerousRelease();
        }
    }

    protected sealed override bool ReleaseHandle()
    {
        ReleaseNative(handle);
        if (_dependencies is not null)
        {
            foreach (var dependency in _dependencies)
            {
                dependency.DangerousRelease();
            }

            _dependencies = null;
        }

        return true;
    }

    private protected abstract void ReleaseNative(nint value);
}

internal sealed class StatusHandle(OrtApi api) : OrtHandle(api)
{
    private protected override void ReleaseNative(nint value) => Api.Release(OrtApi.ReleaseStatus, value);
}

internal sealed class EnvHandle(OrtApi api) : OrtHandle(api)
{
    private protected override void ReleaseNative(nint value) => Api.Release(OrtApi.ReleaseEnv, value);
}

internal sealed class MemoryInfoHandle(OrtApi api) : OrtHandle(api)
{
    private protected override void ReleaseNative(nint value) => Api.Release(OrtApi.ReleaseMemoryInfo, value);
}

internal sealed class SessionOptionsHandle(OrtApi api) : OrtHandle(api)
{
    private protected override void ReleaseNative(nint value) => Api.Release(OrtApi.ReleaseSessionOptions, value);
}

internal sealed class SessionHandle(OrtApi api) : OrtHandle(api)
{
    private protected override void ReleaseNative(nint value) => Api.Release(OrtApi.ReleaseSession, value);
}

internal sealed class TypeInfoHandle(OrtApi api) : OrtHandle(api)
{
    private protected override void ReleaseNative(nint value) => Api.Release(OrtApi.ReleaseTypeInfo, value);
}

internal sealed class TensorTypeAndShapeInfoHandle(OrtApi api) : OrtHandle(api)
{
    private protected override void ReleaseNative(nint value) => Api.Release(OrtApi.ReleaseTensorTypeAndShapeInfo, value);
}

internal sealed class IoBindingHandle(OrtApi api) : OrtHandle(api)
{
    private protected override void ReleaseNative(nint value) => Api.Release(OrtApi.ReleaseIoBinding, value);
}

internal sealed class CudaProviderOptionsHandle(OrtApi api) : OrtHandle(api)
{
    private protected override void ReleaseNative(nint value) => Api.Release(OrtApi.ReleaseCudaProviderOptions, value);
}

/// <summary>
/// An OrtValue. When it wraps managed memory, the pin lives here rather than on the managed
/// wrapper, so the array stays pinned exactly as long as ORT can still see it.
/// </summary>
internal sealed class ValueHandle(OrtApi api) : OrtHandle(api)
{
    private GCHandle _pin;

    internal void Pin(GCHandle pin) => _pin = pin;

    private protected override void ReleaseNative(nint value)
    {
        Api.Release(OrtApi.ReleaseValue, value);
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }
}

/// <summary>
/// Holds a handle open for the length of a native call, so neither Dispose on another thread nor
/// the finalizer can free the object mid-call. A struct, so leasing allocates nothing.
/// </summary>
internal readonly ref struct HandleLease
{
    private readonly SafeHandle _handle;

    public HandleLease(SafeHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        _handle = handle;
        Value = handle.DangerousGetHandle();
    }

    public nint Value { get; }

    public void Dispose() => _handle.DangerousRelease();
}
