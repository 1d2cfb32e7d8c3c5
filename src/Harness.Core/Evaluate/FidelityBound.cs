using System.Globalization;
using Harness.Plan;
using Harness.Results;

namespace Harness.Evaluate;

/// <summary>
/// Rejects variants whose outputs strayed past the scenario's <c>fidelity:</c> bounds against the
/// reference, output by output, as <see cref="QualityBound"/> does for an accuracy drop. The
/// variant stays in the results with each offending output marked and the figure and bound named.
/// </summary>
public static class FidelityBound
{
    /// <param name="bounds">Per model name; models without a bound are left as they are.</param>
    public static IReadOnlyList<MeasurementResult> Apply(IReadOnlyList<MeasurementResult> measurements, string referenceVariant, IReadOnlyDictionary<string, FidelitySpec> bounds)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(bounds);
        return measurements.Select(m =>
            m.Fidelity is { Count: > 0 } outputs && m.Variant != referenceVariant && bounds.TryGetValue(m.Model, out var bound)
                ? m with { Fidelity = [.. outputs.Select(o => Reason(o, bound) is { } reason ? o with { RejectedReason = reason } : o)] }
                : m).ToList();
    }

    /// <summary>Why the output breaks the bound, or null. A NaN figure breaks any bound: the comparisons are written so that it cannot pass.</summary>
    private static string? Reason(FidelityInfo output, FidelitySpec bound)
    {
        if (bound.MinCosine is { } minCosine && !(output.MeanCosine >= minCosine))
        {
            return string.Create(CultureInfo.InvariantCulture, $"output '{output.Output}' has mean cosine {output.MeanCosine:0.0000} against {output.Reference}; the bound is at least {minCosine:0.####}");
        }

        if (bound.MaxRelError is { } maxRelative && output.MaxRelError is { } relative && !(relative <= maxRelative))
        {
            return string.Create(CultureInfo.InvariantCulture, $"output '{output.Output}' is up to {relative * 100:0.##}% off {output.Reference}; the bound is {maxRelative * 100:0.####}%");
        }

        return null;
    }
}
