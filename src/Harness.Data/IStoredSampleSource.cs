namespace Harness.Data;

/// <summary>
/// A dataset that can hand over its samples as stored, before preprocessing, so a decorator
/// (<see cref="Drift.ShiftedDataset"/>) can run the dataset's own preprocessing with a pixel
/// transform in it. Internal because <see cref="RawSample"/> buffers are reused by the reader
/// once the next sample is asked for, a contract only the batch assembler is held to.
/// </summary>
internal interface IStoredSampleSource : IDataset
{
    /// <summary>The first <paramref name="total"/> samples in dataset order, as the format stores them.</summary>
    IEnumerable<RawSample> ReadStoredSamples(int total);
}
