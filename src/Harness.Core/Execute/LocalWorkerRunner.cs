using Harness.Execute.Protocol;

namespace Harness.Execute;

/// <summary>Runs each job in a <c>harness worker</c> process on this machine (<see cref="WorkerProcess"/>).</summary>
public sealed class LocalWorkerRunner : IJobRunner
{
    public static LocalWorkerRunner Instance { get; } = new();

    public Task<WorkerOutcome> RunAsync(JobDocument document, TimeSpan timeout, Action<string> onPhase, CancellationToken cancellation) =>
        WorkerProcess.RunAsync(document, timeout, onPhase, cancellation);
}
