namespace Harness.Data;

/// <summary>
/// Labelled samples read lazily from files and shaped for a model by a declared
/// <see cref="Datasets.Preprocessing"/>. One implementation per storage format. Opening a dataset
/// checks what can be checked cheaply (files exist, headers agree, it is not empty); reading
/// reports a bad sample by name when it reaches it.
/// </summary>
public interface IDataset
{
    /// <summary>A short name for reports, e.g. "t10k-images-idx3-ubyte".</summary>
    string Name { get; }

    /// <summary>The file or folder the samples come from, for messages.</summary>
    string Source { get; }

    /// <summary>Number of samples (at least one).</summary>
    int Count { get; }

    LabelKind LabelKind { get; }

    /// <summary>Class labels must lie in [0, ClassCount) when this is known; null when the model's output decides.</summary>
    int? ClassCount { get; }

    Preprocessing Preprocessing { get; }

    /// <summary>
    /// The first <paramref name="limit"/> samples (all, by default) in batches of
    /// <paramref name="batchSize"/> (the last may be smaller), read and preprocessed as the
    /// enumeration advances.
    /// </summary>
    /// <exception cref="DatasetException">A sample cannot be read or preprocessed; the message names it.</exception>
    IEnumerable<SampleBatch> ReadBatches(int batchSize, int limit = int.MaxValue);
}
