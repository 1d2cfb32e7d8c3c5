using Harness.Measure.Targets;
using Harness.Plan;
using Harness.Results;

namespace Harness.Measure.Placement;

/// <summary>
/// Holds a worker to its target's place before anything is loaded: pinned to the target's cores,
/// and (after the run) to its memory limit. An emulated edge device is held to its profile this
/// way; a cpu target may ask for either.
/// </summary>
public static class WorkerPlacement
{
    /// <summary>How a memory limit is held where no memory cgroup could be made.</summary>
    public const string PeakRssCheck = "peak RSS check";

    /// <summary>
    /// Pins this process as the job's target asks and returns the job to measure: where the machine
    /// has fewer cores than an emulated profile, the profile's one thread per core follows the cores
    /// it got, so the emulation never runs more threads than it has cores.
    /// </summary>
    public static MeasurementJob Apply(MeasurementJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Target.Pinning is not { } pinning)
        {
            return job;
        }

        if (!CpuAffinity.Supported)
        {
            throw new TargetUnavailableException($"unavailable: target '{job.Target.Name}' pins its worker to {pinning}, which Harness does on Linux only; drop 'cores'/'pin' to run unpinned");
        }

        var available = CpuAffinity.Current();
        IReadOnlyList<int> cores;
        if (pinning.Cores is { } listed)
        {
            if (listed.FirstOrDefault(c => !available.Contains(c), -1) is var missing and >= 0)
            {
                throw new TargetUnavailableException($"unavailable: target '{job.Target.Name}' asks for core {missing}, which this worker may not use; it may use cores {CoreList.Format(available)}");
            }

            cores = listed;
        }
        else
        {
            cores = [.. available.Take(pinning.Count)];
        }

        CpuAffinity.PinProcess(cores);
        // Only the profile's own thread count follows the cores; threads the scenario chose stay as chosen.
        return job.Target.Emulation is { } device && job.Target.IntraOpThreads == device.Cores && cores.Count < device.Cores
            ? job with { Target = job.Target with { IntraOpThreads = cores.Count } }
            : job;
    }

    /// <summary>
    /// What the kernel says about the worker's place after the run, and the verdict on its memory:
    /// a variant whose peak RSS passed the target's limit would not fit the device, and fails so.
    /// </summary>
    public static MeasurementResult Check(MeasurementResult result, MeasurementJob job)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(job);
        var target = job.Target;
        if (target.Pinning is null && target.MemoryLimitBytes is null)
        {
            return result;
        }

        var (cores, threads) = CpuAffinity.Supported ? CpuAffinity.AllowedForAllThreads() : (CpuAffinity.Current(), 0);
        var placement = new PlacementInfo(CoreList.Format(cores), threads, target.IntraOpThreads, target.Pinning?.ToString(), target.MemoryLimitBytes);
        if (target.MemoryLimitBytes is not { } limit)
        {
            return result with { Placement = placement };
        }

        // A worker in a memory cgroup no larger than the limit was held to it by the kernel: had it
        // needed more, it would have been stopped, so its peak RSS (which counts shared pages the
        // group does not) is not judged again.
        if (MemoryCgroup.LimitOfThisProcess() is { } cgroup && cgroup.LimitBytes <= limit)
        {
            return result with { Placement = placement with { MemoryLimitBy = cgroup.Kind } };
        }

        result = result with { Placement = placement with { MemoryLimitBy = PeakRssCheck } };
        if (result.Status is not (MeasurementStatus.Ok or MeasurementStatus.Invalid))
        {
            return result;
        }

        var peak = result.Memory?.PeakRssBytes ?? ProcessMemory.PeakResidentBytes();
        if (peak <= limit)
        {
            return result;
        }

        var holder = target.Emulation is { } device ? $"{device.Device} ('{device.Profile}' profile)" : $"target '{target.Name}'";
        var error = $"does not fit: the worker's peak RSS was {Mebibytes(peak)}, over the {Mebibytes(limit)} of {holder}; the figures were measured, but this variant would not run there";
        return result with { Status = MeasurementStatus.Failed, Error = error, Validity = result.Validity with { Valid = false, Reasons = [.. result.Validity.Reasons, error] } };
    }

    private static string Mebibytes(long bytes) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MiB");
}
