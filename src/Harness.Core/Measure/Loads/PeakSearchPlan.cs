using System.Globalization;

namespace Harness.Measure.Loads;

/// <summary>What one Server run says about its rate.</summary>
public enum ProbeOutcome
{
    /// <summary>Met the SLO in a valid run: the peak is at least this rate.</summary>
    Passed,

    /// <summary>Missed the SLO (or left queries unanswered): the peak is below this rate.</summary>
    Failed,

    /// <summary>Met the SLO in a run invalid for another reason (unstable, too short, generator late): not yet evidence either way.</summary>
    Inconclusive,
}

/// <summary>The next run a search asks for: a rate and which attempt at it (0 first, then re-runs).</summary>
public readonly record struct ProbeRequest(double Qps, int Attempt);

/// <summary>
/// The decisions of a peak-QPS search, as a state machine over probe outcomes with no clock and no
/// system in it (the caller runs each probe). It brackets the peak between the highest rate that
/// passed and the lowest that failed, doubling up or halving down until it has both ends, then
/// bisects until the bracket is within <see cref="Resolution"/> of its lower end. A rate that met
/// the SLO in an invalid run is run again, longer and with a new seed, before the search moves on;
/// if it is still not confirmed it bounds the bracket from above, so the answer is never a rate
/// that was not confirmed and never far below one that might pass.
/// </summary>
public sealed class PeakSearchPlan
{
    /// <summary>The search stops when (lowest failing − highest passing) ≤ this fraction of the highest passing.</summary>
    public const double Resolution = 0.05;

    /// <summary>Re-runs of a rate that met the SLO in an invalid run.</summary>
    public const int MaxReruns = 1;

    private readonly double floorQps;
    private readonly int maxProbes;

    public PeakSearchPlan(double startQps, double floorQps, int maxProbes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(startQps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxProbes);
        this.floorQps = floorQps;
        this.maxProbes = maxProbes;
        Next = new ProbeRequest(Math.Max(startQps, floorQps), 0);
    }

    /// <summary>The run to make next, or null when the search is over.</summary>
    public ProbeRequest? Next { get; private set; }

    /// <summary>The highest rate that met the SLO in a valid run: the peak found.</summary>
    public double? HighestPassing { get; private set; }

    /// <summary>The lowest rate that failed, or met the SLO only in runs that stayed invalid.</summary>
    public double? LowestFailing { get; private set; }

    public int Probes { get; private set; }

    /// <summary>The bracket is within <see cref="Resolution"/>: the peak is known as finely as promised.</summary>
    public bool Resolved => HighestPassing is { } low && LowestFailing is { } high && high - low <= Resolution * low;

    /// <summary>Records the outcome of the run <see cref="Next"/> asked for and decides the next one.</summary>
    /// <returns>Why the run counted as it did, for the results.</returns>
    public string Record(ProbeOutcome outcome)
    {
        var request = Next ?? throw new InvalidOperationException("the search is over; there is no run to record");
        Probes++;
        string note;
        switch (outcome)
        {
            case ProbeOutcome.Passed:
                HighestPassing = Math.Max(HighestPassing ?? 0, request.Qps);
                note = "passed: met the SLO in a valid run";
                break;
            case ProbeOutcome.Failed:
                LowestFailing = Math.Min(LowestFailing ?? double.MaxValue, request.Qps);
                note = "failed: missed the SLO";
                break;
            case ProbeOutcome.Inconclusive when request.Attempt < MaxReruns && Probes < maxProbes:
                Next = request with { Attempt = request.Attempt + 1 };
                return "inconclusive: met the SLO in an invalid run; run again, longer, with a new seed";
            default:
                LowestFailing = Math.Min(LowestFailing ?? double.MaxValue, request.Qps);
                note = request.Attempt < MaxReruns
                    ? "inconclusive: met the SLO in an invalid run and no probe was left to run it again; bounds the search from above"
                    : "inconclusive again: not confirmed, so it bounds the search from above";
                break;
        }

        Next = Probes >= maxProbes ? null : Decide(request.Qps);
        if (Next is null && !Resolved && HighestPassing is not null && LowestFailing is not null)
        {
            note += string.Create(CultureInfo.InvariantCulture, $"; probes spent with the peak between {HighestPassing:0.#} and {LowestFailing:0.#} qps");
        }

        return note;
    }

    private ProbeRequest? Decide(double last)
    {
        switch (HighestPassing, LowestFailing)
        {
            case (null, _):
                // Nothing has passed: go lower, unless no lower rate could give a valid run.
                return last <= floorQps ? null : new ProbeRequest(Math.Max(last / 2, floorQps), 0);
            case ({ } low, null):
                return new ProbeRequest(low * 2, 0);
            case ({ } low, { } high):
                return Resolved ? null : new ProbeRequest((low + high) / 2, 0);
        }
    }
}
