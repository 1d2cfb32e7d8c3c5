using System.Runtime.InteropServices;
using System.Text;

namespace Harness.Onnx.Runtime;

/// <summary>A NUL-terminated UTF-8 copy of a string for the length of one native call.</summary>
internal readonly unsafe ref struct Utf8String
{
    private readonly nint _memory;

    public Utf8String(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        NativeStringArray.RejectNul(value, paramName);
        _memory = Marshal.StringToCoTaskMemUTF8(value);
    }

    public byte* Pointer => (byte*)_memory;

    public void Dispose() => Marshal.FreeCoTaskMem(_memory);
}

/// <summary>
/// NUL-terminated UTF-8 strings and the <c>const char* const*</c> table ORT takes, in one native
/// block, so a long-lived caller (a prepared run) marshals its names once and never again.
/// </summary>
internal sealed unsafe class NativeStringArray : SafeHandle
{
    public NativeStringArray(IReadOnlyList<string> values, string paramName)
        : base(0, ownsHandle: true)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        Count = values.Count;
        var tableBytes = (nuint)Count * (nuint)sizeof(byte*);
        var total = tableBytes;
        for (var i = 0; i < Count; i++)
        {
            var value = values[i] ?? throw new ArgumentException($"{paramName}[{i}] is null.", paramName);
            RejectNul(value, paramName);
            total += (nuint)Encoding.UTF8.GetByteCount(value) + 1;
        }

        // Never a zero-byte allocation: ORT may read the table pointer even for zero entries.
        SetHandle((nint)NativeMemory.Alloc(Math.Max(total, 1)));
        var table = (byte**)handle;
        var text = (byte*)handle + tableBytes;
        for (var i = 0; i < Count; i++)
        {
            var length = Encoding.UTF8.GetBytes(values[i], new Span<byte>(text, (int)(total - (nuint)(text - (byte*)handle))));
            text[length] = 0;
            table[i] = text;
            text += length + 1;
        }
    }

    public int Count { get; }

    /// <summary>The string table; valid while this object is alive.</summary>
    public byte** Pointers => (byte**)handle;

    public override bool IsInvalid => handle == 0;

    internal static void RejectNul(string value, string paramName)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("Strings passed to ONNX Runtime cannot contain NUL characters.", paramName);
        }
    }

    protected override bool ReleaseHandle()
    {
        NativeMemory.Free((void*)handle);
        return true;
    }
}
