using Harness.Plan;
using Harness.Results;

namespace Harness.Execute;

/// <summary>What the orchestrator sends a worker: one job, as one JSON line on its stdin.</summary>
public sealed record WorkerRequest(MeasurementJob Job, string SamplesPath);

/// <summary>
/// What a worker says back, one JSON line each on its stdout: any number of <c>phase</c>
/// messages, then exactly one <c>result</c> or <c>error</c>. A worker that says neither crashed.
/// </summary>
public sealed record WorkerMessage(string Kind, string? Phase = null, string? Error = null, MeasurementResult? Result = null)
{
    public const string PhaseKind = "phase";
    public const string ResultKind = "result";
    public const string ErrorKind = "error";
}
