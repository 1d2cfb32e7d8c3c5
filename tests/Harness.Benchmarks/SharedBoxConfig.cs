using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Harness.Benchmarks;

/// <summary>
/// Two jobs over the same cases: wall time, and the measuring thread's CPU time
/// (<see cref="ThreadCpuClock"/>), which leaves out time spent preempted by other work on a shared
/// machine (though not the cache misses that other work causes). They agree on a quiet machine, so
/// a gap between them says the run was disturbed. Few iterations keep a run short on a 2-core box.
/// </summary>
public sealed class SharedBoxConfig : ManualConfig
{
    public SharedBoxConfig()
    {
        var job = Job.Default.WithWarmupCount(3).WithIterationCount(15);
        AddJob(job.WithId("Wall"));
        AddJob(job.WithClock(new ThreadCpuClock()).WithId("ThreadCpu"));

        // The Job column already names the clock.
        HideColumns("Clock");

        // Building the generated project takes longer than BenchmarkDotNet's 2 minutes while other
        // builds share the two cores.
        WithBuildTimeout(TimeSpan.FromMinutes(10));
    }
}
