namespace Harness.Evaluate.Metrics;

/// <summary>
/// How closely a candidate (quantized, fp16…) reproduces the reference model on one output.
/// A row is one vector along the output's last axis (one sample's class scores, one embedding).
/// </summary>
/// <param name="Output">The output's name in the model.</param>
/// <param name="Rows">How many rows were compared.</param>
/// <param name="RowLength">The last axis's length.</param>
/// <param name="ArgmaxAgreement">Fraction of rows whose argmax is the same (trivially 1 for a last axis of length 1).</param>
/// <param name="MaxAbsoluteError">Largest |reference − candidate| over all elements; NaN if any value is NaN.</param>
/// <param name="MeanCosineSimilarity">Mean over rows of the rows' cosine similarity.</param>
public sealed record FidelityResult(
    string Output,
    long Rows,
    int RowLength,
    double ArgmaxAgreement,
    double MaxAbsoluteError,
    double MeanCosineSimilarity)
{
    /// <summary>Mean |reference − candidate| over all elements.</summary>
    public double MeanAbsoluteError { get; init; }

    /// <summary>Largest |reference − candidate| / |reference| over all elements (with the accumulator's floor near zero).</summary>
    public double MaxRelativeError { get; init; }

    public double MeanRelativeError { get; init; }
}
