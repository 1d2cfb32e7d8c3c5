using Harness.Results;

namespace Harness.Execute.Protocol;

/// <summary>
/// What a worker says back, one JSON line each on its stdout: any number of <c>phase</c>
/// messages, then exactly one <c>result</c>, <c>error</c> (a problem the user can fix) or
/// <c>failure</c> (an exception the worker did not expect). A worker that says none of them crashed.
/// A result is a measurement in the results contract (<see cref="RunResults.SchemaV1"/>), which is
/// versioned on its own.
/// </summary>
/// <param name="InTurnsResult">The result of the job measured in turns with the document's own, when there was one.</param>
public sealed record WorkerMessage(string Kind, string? Phase = null, string? Error = null, MeasurementResult? Result = null, WorkerFailure? Failure = null, MeasurementResult? InTurnsResult = null)
{
    public const string PhaseKind = "phase";
    public const string ResultKind = "result";
    public const string ErrorKind = "error";
    public const string FailureKind = "failure";
}
