using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Harness.Benchmarks;

/// <summary>
/// Two jobs over the same cases: wall time, the figure a quiet machine gives, and the measuring
/// thread's CPU time (<see cref="ThreadCpuClock"/>), which stays close to true on a machine shared
/// with other work. They agree when the machine is quiet; when they disagree, trust ThreadCpu and
/// rerun. Few iterations keep a run short on a 2-core box.
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
    }
}
