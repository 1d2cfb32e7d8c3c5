namespace Harness.Distill.Native;

/// <summary>libtorch (through TorchSharp's native library) is missing or cannot be loaded on this system; the message says why and what to do.</summary>
public sealed class NativeLibraryException : UserFacingException
{
    public NativeLibraryException(string message)
        : base(message)
    {
    }

    public NativeLibraryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public NativeLibraryException()
    {
    }
}
