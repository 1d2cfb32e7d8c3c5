namespace Harness.Data;

/// <summary>A sample as a format reader yields it: its info and its stored tensors (usually one), not yet preprocessed.</summary>
internal sealed record RawSample(SampleInfo Info, IReadOnlyList<SampleTensor> Tensors);
