using System.Collections.Immutable;

namespace Harness.Verify;

/// <summary>
/// One output of one set, compared with its expected tensor. <see cref="Reason"/> is set when the
/// tensors could not be compared element by element (different shape or element type, not a
/// tensor); then the error figures are zero and <see cref="WorstIndex"/> is -1. Otherwise
/// <see cref="WorstIndex"/> is the flat (row-major) index of the worst element: a mismatch if there
/// is one, the one whose error is the largest multiple of its allowed error (integers: the largest
/// difference). An element that is NaN on one side only counts as an infinite error.
/// </summary>
public sealed record OutputResult(
    string Name,
    string ElementType,
    ImmutableArray<long> Shape,
    bool Passed,
    string? Reason,
    long ElementCount,
    long MismatchCount,
    double MaxAbsError,
    double MaxRelError,
    long WorstIndex,
    double? ExpectedAtWorst,
    double? ActualAtWorst)
{
    /// <summary>An output that could not be compared element by element.</summary>
    public static OutputResult Incomparable(string name, string elementType, ImmutableArray<long> shape, string reason) =>
        new(name, elementType, shape, Passed: false, reason, ElementCount: 0, MismatchCount: 0, MaxAbsError: 0, MaxRelError: 0,
            WorstIndex: -1, ExpectedAtWorst: null, ActualAtWorst: null);
}
