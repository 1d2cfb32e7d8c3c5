using System.Collections.ObjectModel;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// One recognised text against its reference. Metrics compare the strings as given: no case
/// folding, trimming or Unicode normalisation, because what counts as "the same text" is the
/// dataset's decision; normalise both sides before building the record if it should.
/// </summary>
public sealed record SequencePrediction(string Expected, string Actual, IReadOnlyDictionary<string, string> Slices)
    : ISlicedPrediction
{
    public string Expected { get; init; } = Expected ?? throw new ArgumentNullException(nameof(Expected));

    public string Actual { get; init; } = Actual ?? throw new ArgumentNullException(nameof(Actual));

    public IReadOnlyDictionary<string, string> Slices { get; init; } = Slices ?? throw new ArgumentNullException(nameof(Slices));

    /// <summary>A prediction with no slice attributes.</summary>
    public SequencePrediction(string expected, string actual)
        : this(expected, actual, ReadOnlyDictionary<string, string>.Empty)
    {
    }
}
