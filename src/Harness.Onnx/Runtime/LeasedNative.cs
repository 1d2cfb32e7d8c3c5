namespace Harness.Onnx.Runtime;

/// <summary>
/// An ORT object released only when its owner has disposed it and every lease on it has ended.
/// The .NET API releases its objects at once on Dispose; with leases, a session or tensor disposed
/// while a <see cref="PreparedRun"/> or an <see cref="IoBinding"/> still uses it stays alive natively
/// until they are gone too, so no run can read freed memory.
/// </summary>
public abstract class LeasedNative : IDisposable
{
    private int _leases = 1; // the owner's own
    private int _disposed;

    private protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            EndLease();
            GC.SuppressFinalize(this);
        }
    }

    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    /// <summary>Keeps the native object alive until <see cref="EndLease"/>; only its owner can still grant one.</summary>
    internal void AddLease()
    {
        ThrowIfDisposed();
        Interlocked.Increment(ref _leases);
    }

    internal void EndLease()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            ReleaseNative();
        }
    }

    private protected abstract void ReleaseNative();
}
