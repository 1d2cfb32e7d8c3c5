using System.Collections.Immutable;
using System.Text.Json;

namespace Harness.Verify;

/// <summary>What <c>harness verify</c> found in one test data folder. Property order is the JSON order.</summary>
public sealed record VerifyResult(string Directory, string ModelPath, Tolerance Tolerance, ImmutableArray<SetResult> Sets)
{
    public bool Passed => Sets.All(s => s.Passed);

    public int PassedCount => Sets.Count(s => s.Passed);

    public int FailedCount => Sets.Length - PassedCount;

    /// <summary>Indented JSON; infinite or NaN errors are written as the strings "Infinity" and "NaN".</summary>
    public string ToJson() => JsonSerializer.Serialize(this, VerifyJsonContext.Default.VerifyResult);
}
