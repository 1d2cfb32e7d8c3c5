using Harness.Data;

namespace Harness.Data.Shifts;

/// <summary>
/// A dataset seen through a synthetic shift: the same samples, labels, slices and preprocessing,
/// with every image changed in pixel space before the preprocessing normalises it. It reads the
/// inner dataset's stored samples and runs the inner preprocessing with the shift as its pixel
/// transform (<see cref="IPixelTransform"/>), so "noise 0.05" is 5% of the image's value range
/// whether a model takes [0, 1], [−1, 1] or ImageNet-normalised input, and no normalisation has
/// to be undone. Shifted datasets stack: shifting a shifted dataset applies both, inner first.
/// </summary>
public sealed class ShiftedDataset : IDataset
{
    private readonly IStoredSampleSource _source;
    private readonly ShiftTransform _transform;

    /// <param name="inner">An IDX, NumPy or Netpbm dataset (one that can hand over its stored samples), or another shifted dataset.</param>
    /// <param name="shift">The shift applied to every sample.</param>
    /// <param name="range">
    /// The pixel value range strengths are fractions of and shifted values are clamped to; by
    /// default the one the stored element type implies (<see cref="PixelRange.Of"/>), or the inner
    /// shifted dataset's.
    /// </param>
    /// <exception cref="ArgumentException">The inner dataset's tensors are not images it can shift, or a pad fill has no single pad value.</exception>
    public ShiftedDataset(IDataset inner, ShiftSpec shift, PixelRange? range = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(shift);
        if (!inner.Preprocessing.ConvertToFloat)
        {
            throw new ArgumentException(
                $"{inner.Name} passes its tensors to the model unchanged (raw preprocessing): they are model inputs already, not images, so a shift has no pixel space to act in.",
                nameof(inner));
        }

        (_source, var earlier, Range) = inner switch
        {
            ShiftedDataset shifted => (shifted._source, shifted.Shifts, range ?? shifted.Range),
            IStoredSampleSource source => (source, (IReadOnlyList<ShiftSpec>)[], range),
            _ => throw new ArgumentException(
                $"{inner.Name} ({inner.GetType().Name}) does not hand over its stored samples, so it cannot be shifted before its preprocessing; IDX, NumPy and Netpbm datasets can.",
                nameof(inner)),
        };

        if (shift.EffectiveFill == ShiftFill.Pad && shift.Kind is ShiftKind.Translation or ShiftKind.Occlusion && inner.Preprocessing.PadInStoredValues() is null)
        {
            throw new ArgumentException(
                $"{shift} fills with the pad value, but {inner.Name}'s preprocessing ({inner.Preprocessing}) normalises channels differently, so no one stored value pads them all; fill with the background or the mean instead.",
                nameof(shift));
        }

        Inner = inner;
        Shift = shift;
        Shifts = [.. earlier, shift];
        _transform = new ShiftTransform(Shifts, Range);
    }

    public IDataset Inner { get; }

    /// <summary>This dataset's own shift.</summary>
    public ShiftSpec Shift { get; }

    /// <summary>Every shift applied, innermost first (more than one when shifted datasets are stacked).</summary>
    public IReadOnlyList<ShiftSpec> Shifts { get; }

    /// <summary>The declared value range, or null for the stored element type's.</summary>
    public PixelRange? Range { get; }

    /// <summary>The inner name with the shift, e.g. "t10k-images-idx3-ubyte+noise(0.05)".</summary>
    public string Name => $"{Inner.Name}+{Shift}";

    public string Source => Inner.Source;

    public int Count => Inner.Count;

    public LabelKind LabelKind => Inner.LabelKind;

    public int? ClassCount => Inner.ClassCount;

    /// <summary>The inner dataset's: a shift changes the images, not what the model takes.</summary>
    public Preprocessing Preprocessing => Inner.Preprocessing;

    public IEnumerable<SampleBatch> ReadBatches(int batchSize, int limit = int.MaxValue)
    {
        var total = BatchAssembler.Total(this, batchSize, limit);
        return BatchAssembler.Assemble(_source.ReadStoredSamples(total), total, batchSize, Preprocessing, Source, _transform);
    }
}
