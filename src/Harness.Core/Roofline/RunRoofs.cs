using Harness.Plan;
using Harness.Results;

namespace Harness.Roofline;

/// <summary>
/// The roofs of one run's targets: each target's peaks are probed (or read from the cache) the
/// first time one of its measurements needs them, once per run, in the orchestrator while no
/// worker is measuring. Each measurement's work is then placed under its target's roof.
/// </summary>
public sealed class RunRoofs(PeakCache cache)
{
    private readonly Dictionary<string, PeakFigures> probed = new(StringComparer.Ordinal);

    /// <summary>Every target probed so far, in the order first needed.</summary>
    public IReadOnlyList<PeakFigures> Peaks => [.. probed.Values];

    /// <summary>The measurement with its roofline ceiling and share added, where its target has a probe.</summary>
    /// <param name="probedThere">
    /// The peaks of the machine the job ran on, where it ran on another (an agent probes its own);
    /// null for this machine's targets, whose probe runs here.
    /// </param>
    public MeasurementResult Place(TargetSpec target, MeasurementResult result, PeakFigures? probedThere = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(result);
        if (probedThere is not null)
        {
            probed.TryAdd($"{probedThere.Host}|{probedThere.Target}|{probedThere.Device}|{probedThere.Threads}|{probedThere.Status}", probedThere);
            return result.Roofline is { } remoteWork ? result with { Roofline = RooflinePlacement.Place(remoteWork, probedThere) } : result;
        }

        if (result.Roofline is not { } work || PeakProbes.For(target.Device.ToString().ToLowerInvariant(), target.Cuda?.DeviceId ?? 0) is not { } probe)
        {
            return result;
        }

        // The threads the job ran with, as its worker recorded them: an emulated device on a machine
        // with fewer cores than its profile runs fewer threads than the profile names.
        var threads = result.Placement is { IntraOpThreads: > 0 } placement ? placement.IntraOpThreads
            : target.IntraOpThreads > 0 ? target.IntraOpThreads : Environment.ProcessorCount;
        var key = PeakCache.Key(probe, threads);
        if (!probed.TryGetValue(key, out var peaks))
        {
            peaks = cache.GetOrMeasure(probe, threads);
            probed[key] = peaks;
        }

        result = result with { Roofline = RooflinePlacement.Place(work, peaks) };
        return target.Emulation?.Published is null ? result : result with { Projected = RooflineProjection.Project(result, peaks, target.Emulation) };
    }
}
