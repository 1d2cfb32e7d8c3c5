namespace Harness.Reports.Gate;

/// <summary>What the gate concludes about one measurement, or about a whole comparison (the worst of its measurements).</summary>
public enum GateVerdict
{
    /// <summary>Shown to be within the thresholds (or moved by less than the noise floor).</summary>
    Pass,

    /// <summary>Shown to be faster by more than the fail threshold.</summary>
    Improvement,

    /// <summary>Neither shown within the thresholds nor shown past them: too few samples, a fingerprint mismatch, an invalid run, or an interval that straddles a threshold.</summary>
    Inconclusive,

    /// <summary>Shown to be slower by more than the fail threshold: significant, past it with the interval's whole width, and above the noise floor.</summary>
    Regression,
}

public static class GateVerdicts
{
    /// <summary>The command's exit code for a verdict: 0 pass (improvements pass), 1 regression, 3 inconclusive (2 is a usage or input error).</summary>
    public static int ExitCode(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Regression => 1,
        GateVerdict.Inconclusive => 3,
        _ => 0,
    };

    public static string Name(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Pass => "pass",
        GateVerdict.Improvement => "improvement",
        GateVerdict.Inconclusive => "inconclusive",
        _ => "regression",
    };

    /// <summary>Regression outranks inconclusive, which outranks improvement, which outranks pass: one regression fails the comparison.</summary>
    public static GateVerdict Worst(GateVerdict a, GateVerdict b) => Rank(a) >= Rank(b) ? a : b;

    private static int Rank(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Pass => 0,
        GateVerdict.Improvement => 1,
        GateVerdict.Inconclusive => 2,
        _ => 3,
    };
}
