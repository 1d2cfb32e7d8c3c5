using Harness.Execute.Protocol;

namespace Harness.Execute;

/// <summary>
/// Where the orchestrator sends one job document: a worker process on this machine, or an agent on
/// another. Either way the answer is the worker's own result record, or the reason there is none.
/// </summary>
public interface IJobRunner
{
    /// <param name="timeout">The job's limit: past it the job is stopped and failed.</param>
    /// <param name="onPhase">Progress as the worker reports it (preparing, measuring, …).</param>
    Task<WorkerOutcome> RunAsync(JobDocument document, TimeSpan timeout, Action<string> onPhase, CancellationToken cancellation);
}
