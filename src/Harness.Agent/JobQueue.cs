namespace Harness.Agent;

/// <summary>
/// One job at a time (jobs on the same machine would compete for the cores they are measured on),
/// the others waiting in arrival order, and no more than <see cref="AgentOptions.MaxQueuedJobs"/> of them.
/// </summary>
public sealed class JobQueue
{
    private readonly SemaphoreSlim running = new(1, 1);
    private int waiting;

    /// <summary>Takes a place in the queue: how many jobs are ahead, or null when the queue is full.</summary>
    public int? TryJoin()
    {
        var ahead = Interlocked.Increment(ref waiting) - 1;
        if (ahead > AgentOptions.MaxQueuedJobs)
        {
            Interlocked.Decrement(ref waiting);
            return null;
        }

        return ahead;
    }

    /// <summary>Waits for the job's turn; the caller must <see cref="Leave"/> once, whether or not its turn came.</summary>
    public Task WaitTurnAsync(CancellationToken cancellation) => running.WaitAsync(cancellation);

    /// <param name="hadTurn">True when <see cref="WaitTurnAsync"/> completed (the job ran).</param>
    public void Leave(bool hadTurn)
    {
        Interlocked.Decrement(ref waiting);
        if (hadTurn)
        {
            running.Release();
        }
    }
}
