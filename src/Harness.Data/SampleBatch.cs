namespace Harness.Data;

/// <summary>
/// Consecutive samples, preprocessed and stacked along a leading batch axis: one tensor per model
/// input, and each sample's id, label and slices in the same order. The tensors are fresh arrays
/// the caller may keep.
/// </summary>
public sealed record SampleBatch(IReadOnlyList<SampleInfo> Samples, IReadOnlyList<BatchTensor> Inputs)
{
    public int Count => Samples.Count;
}
