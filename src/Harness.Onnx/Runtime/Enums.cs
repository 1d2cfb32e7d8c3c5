namespace Harness.Onnx.Runtime;

// Values are ORT's C enum values, as the .NET API's are: Harness's names cross to it by value.

public enum GraphOptimizationLevel
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}

public enum ExecutionMode
{
    Sequential = 0,
    Parallel = 1,
}

public enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
