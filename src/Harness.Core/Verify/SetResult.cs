using System.Collections.Immutable;

namespace Harness.Verify;

/// <summary>
/// One <c>test_data_set_N</c>: its outputs compared, or <see cref="Error"/> when there was nothing to
/// compare (ONNX Runtime refused the run, or the set has no expected outputs).
/// </summary>
public sealed record SetResult(string Name, string? Error, ImmutableArray<OutputResult> Outputs)
{
    public bool Passed => Error is null && !Outputs.IsEmpty && Outputs.All(o => o.Passed);

    /// <summary>The largest absolute error over the set's outputs; 0 when none was compared.</summary>
    public double MaxAbsError => Outputs.IsEmpty ? 0 : Outputs.Max(o => o.MaxAbsError);
}
