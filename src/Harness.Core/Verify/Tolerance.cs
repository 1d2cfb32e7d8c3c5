namespace Harness.Verify;

/// <summary>
/// How far a floating-point output may be from its expected value:
/// <c>|actual - expected| &lt;= Absolute + Relative * |expected|</c>, numpy's <c>isclose</c> rule,
/// which ONNX's backend tests use. Integer and bool outputs ignore it: they must match exactly.
/// </summary>
public sealed record Tolerance
{
    public Tolerance(double relative, double absolute)
    {
        // NaN would make every comparison false and infinity every one true: neither is a tolerance.
        if (!double.IsFinite(relative) || relative < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(relative), relative, "A relative tolerance is a finite number ≥ 0.");
        }

        if (!double.IsFinite(absolute) || absolute < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(absolute), absolute, "An absolute tolerance is a finite number ≥ 0.");
        }

        Relative = relative;
        Absolute = absolute;
    }

    /// <summary>rtol 1e-3, atol 1e-5: the defaults of ONNX's backend test runner.</summary>
    public static Tolerance Default { get; } = new(1e-3, 1e-5);

    public double Relative { get; }

    public double Absolute { get; }

    /// <summary>The largest absolute error allowed around <paramref name="expected"/>.</summary>
    public double AllowedError(double expected) => Absolute + (Relative * Math.Abs(expected));
}
