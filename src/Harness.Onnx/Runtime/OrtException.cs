namespace Harness.Onnx.Runtime;

/// <summary>ORT's <c>OrtErrorCode</c> (onnxruntime_c_api.h); later libraries may report values beyond these.</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
    ModelLoadCanceled = 12,
    ModelRequiresCompilation = 13,
    NotFound = 14,
    DeviceReset = 15,
}

/// <summary>A failure ONNX Runtime reported through an <c>OrtStatus</c>.</summary>
public sealed class OrtException : UserFacingException
{
    public OrtException()
        : this(OrtErrorCode.Fail, "ONNX Runtime reported a failure.")
    {
    }

    public OrtException(string message)
        : this(OrtErrorCode.Fail, message)
    {
    }

    public OrtException(string message, Exception innerException)
        : base(message, innerException) => Code = OrtErrorCode.Fail;

    public OrtException(OrtErrorCode code, string ortMessage)
        : base($"[{code}] {ortMessage}")
    {
        Code = code;
        OrtMessage = ortMessage;
    }

    internal OrtException(OrtErrorCode code, string ortMessage, Exception innerException)
        : base($"[{code}] {ortMessage}", innerException)
    {
        Code = code;
        OrtMessage = ortMessage;
    }

    public OrtErrorCode Code { get; }

    /// <summary>ORT's own message, without the code prefix.</summary>
    public string OrtMessage { get; } = string.Empty;
}
