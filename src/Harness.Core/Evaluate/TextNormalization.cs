namespace Harness.Evaluate;

/// <summary>
/// What counts as the same text when a recognised line is compared with its ground truth; applied
/// to both sides before a <see cref="SequencePrediction"/> is made, so every metric sees the same
/// decision.
/// </summary>
public enum TextNormalization
{
    /// <summary>Character for character.</summary>
    None,

    /// <summary>
    /// Leading and trailing whitespace dropped: a cropped line has none, but CTC recognizers read a
    /// blank margin as spaces.
    /// </summary>
    TrimEnds,

    /// <summary>All spaces dropped, as PaddleOCR's own accuracy metric does (RecMetric, ignore_space=True).</summary>
    IgnoreSpaces,
}

public static class TextNormalizations
{
    public static string Apply(this TextNormalization normalization, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return normalization switch
        {
            TextNormalization.TrimEnds => text.Trim(),
            TextNormalization.IgnoreSpaces => text.Replace(" ", string.Empty, StringComparison.Ordinal),
            TextNormalization.None => text,
            _ => throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "not a text normalization"),
        };
    }
}
