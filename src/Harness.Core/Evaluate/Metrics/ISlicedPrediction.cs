namespace Harness.Evaluate.Metrics;

/// <summary>
/// A prediction tagged with slice attributes (font, size, length bucket…), so
/// <see cref="Slices"/> can group any kind of prediction the same way.
/// </summary>
public interface ISlicedPrediction
{
    IReadOnlyDictionary<string, string> Slices { get; }
}
