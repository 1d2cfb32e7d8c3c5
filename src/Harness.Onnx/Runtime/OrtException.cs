using Microsoft.ML.OnnxRuntime;

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
public sealed partial class OrtException : UserFacingException
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

    /// <summary>
    /// The same failure with its code as a value: the .NET API reports ORT's code only inside its
    /// message ("[ErrorCode:NoSuchFile] …"), by the names of its own (internal) enum. Those match
    /// ORT's for codes 0 to 10; it names 11 and 12 after codes ORT has since renumbered.
    /// </summary>
    internal static OrtException From(OnnxRuntimeException e)
    {
        const string Prefix = "[ErrorCode:";
        var message = WithoutSourceLocations(e.Message);
        var end = message.IndexOf("] ", StringComparison.Ordinal);
        if (message.StartsWith(Prefix, StringComparison.Ordinal) && end > 0
            && CodeNamed(message[Prefix.Length..end]) is { } code)
        {
            return new OrtException(code, message[(end + 2)..], e);
        }

        return new OrtException(OrtErrorCode.Fail, message, e);
    }

    /// <summary>
    /// ORT's message without the C++ source locations it embeds ("/onnxruntime_src/onnxruntime/core/graph/model.cc:180
    /// onnxruntime::Model::Model(…) "): they tell a user nothing and bury what went wrong.
    /// </summary>
    public static string WithoutSourceLocations(string message) => SourceLocation().Replace(message ?? string.Empty, string.Empty).Trim();

    [System.Text.RegularExpressions.GeneratedRegex(@"[^\s:]*onnxruntime/[^\s:]+\.(?:cc|cpp|h):\d+(?:\s+[^\s(]*::[^(]*\((?:[^()]|\([^()]*\))*\)(?:\s*const)?)?\s*")]
    private static partial System.Text.RegularExpressions.Regex SourceLocation();

    private static OrtErrorCode? CodeNamed(string name) => name switch
    {
        "ShapeInferenceNotRegistered" => OrtErrorCode.EpFail,
        "RequirementNotRegistered" => OrtErrorCode.ModelLoadCanceled,
        _ when Enum.TryParse<OrtErrorCode>(name, out var code) && code <= OrtErrorCode.InvalidGraph => code,
        _ => null,
    };

    /// <summary>Runs a call into the .NET API, turning its failure into an <see cref="OrtException"/>.</summary>
    internal static void Translate(Action call)
    {
        try
        {
            call();
        }
        catch (OnnxRuntimeException e)
        {
            throw From(e);
        }
    }

    /// <inheritdoc cref="Translate(Action)"/>
    internal static T Translate<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (OnnxRuntimeException e)
        {
            throw From(e);
        }
    }
}
