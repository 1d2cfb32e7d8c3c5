using System.Collections.Immutable;
using Harness.Onnx;
using Harness.Onnx.Model;

namespace Harness.Verify;

/// <summary>
/// Compares an output with its expected tensor element by element. Floating-point types pass within
/// the <see cref="Tolerance"/>, where NaN matches only NaN and an infinity only the same infinity;
/// integers and bools must be equal.
/// </summary>
public static class TensorComparer
{
    public static OutputResult Compare(TensorValue expected, TensorValue actual, Tolerance tolerance)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(tolerance);
        var type = expected.ElementType;
        var shape = ImmutableArray.Create(expected.Dims);
        if (actual.ElementType != type)
        {
            return OutputResult.Incomparable(expected.Name, type.DisplayName(), shape,
                $"element type {actual.ElementType.DisplayName()}, expected {type.DisplayName()}");
        }

        if (!actual.Dims.AsSpan().SequenceEqual(expected.Dims))
        {
            return OutputResult.Incomparable(expected.Name, type.DisplayName(), shape,
                $"shape [{string.Join(", ", actual.Dims)}], expected [{string.Join(", ", expected.Dims)}]");
        }

        var exact = ElementValues.IsExact(type);
        var want = ElementValues.ToDoubles(type, expected.Data);
        var got = ElementValues.ToDoubles(type, actual.Data);
        long mismatches = 0, worst = -1;
        double maxAbs = 0, maxRel = 0, worstShare = 0, worstAbs = 0;
        var worstMatched = true;
        for (long i = 0; i < want.LongLength; i++)
        {
            var (e, a) = (want[i], got[i]);
            var (match, abs, allowed) = exact
                ? (ElementValues.SameBits(type, expected.Data, actual.Data, i), Math.Abs(a - e), 0)
                : CompareFloat(e, a, tolerance);
            var rel = abs == 0 ? 0 : double.IsInfinity(abs) ? double.PositiveInfinity : abs / Math.Abs(e);
            var share = ShareOfAllowed(abs, allowed);
            maxAbs = Math.Max(maxAbs, abs);
            maxRel = Math.Max(maxRel, rel);
            if (!match)
            {
                mismatches++;
            }

            // Any mismatch is worse than every match. Within each kind, the element using the largest
            // share of its allowed error is worse (scale-free, so a large value's large but allowed
            // error does not hide a small value's violation); then the larger error; then the first.
            var worse = worst < 0
                || (worstMatched && !match)
                || (worstMatched == match && (share > worstShare || (share == worstShare && abs > worstAbs)));
            if (worse)
            {
                (worst, worstShare, worstAbs, worstMatched) = (i, share, abs, match);
            }
        }

        return new OutputResult(expected.Name, type.DisplayName(), shape, mismatches == 0, Reason: null, want.LongLength, mismatches,
            maxAbs, maxRel, worst, worst < 0 ? null : want[worst], worst < 0 ? null : got[worst]);
    }

    /// <summary>Error as a multiple of the allowed error: above 1 fails; any error where none is allowed is infinite.</summary>
    private static double ShareOfAllowed(double abs, double allowed) =>
        abs == 0 ? 0 : double.IsInfinity(abs) || allowed == 0 ? double.PositiveInfinity : abs / allowed;

    /// <summary>
    /// numpy's isclose with equal_nan: NaN matches only NaN, an infinity only itself. NaN against a
    /// number, or an infinity against anything else, is an infinite error.
    /// </summary>
    private static (bool Match, double Abs, double Allowed) CompareFloat(double expected, double actual, Tolerance tolerance)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual)
                ? (true, 0, 0)
                : (false, double.PositiveInfinity, 0);
        }

        if (expected == actual)
        {
            // The only way two infinities match: their difference would be NaN.
            return (true, 0, 0);
        }

        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            // An infinite expected value would otherwise allow any finite error.
            return (false, double.PositiveInfinity, 0);
        }

        var abs = Math.Abs(actual - expected);
        var allowed = tolerance.AllowedError(expected);
        return (abs <= allowed, abs, allowed);
    }
}
