namespace Harness.Tests.Execute;

/// <summary>
/// Tests that start worker processes or redirect the console run alone: they measure real
/// latencies (other tests would compete for the two cores) and some set process-wide state.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerProcessCollection
{
    public const string Name = "worker processes";
}
